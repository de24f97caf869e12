"""The check-ins' pages, one module per topic, each beside the domain module it fronts
(`views/records.py` ↔ `records.py`). `urls.py` imports the modules; nothing is re-exported
here."""
