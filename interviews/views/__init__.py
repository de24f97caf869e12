"""The interviews' pages, one module per topic, each beside the domain module it fronts
(`views/scheduling.py` ↔ `scheduling.py`, `views/offers.py` ↔ `offers.py`). `urls.py`
imports the modules; nothing is re-exported here."""
