"""The pipeline's pages, one module per topic, each named after the domain module it fronts
(`views/review.py` ↔ `review.py`). `urls.py` imports the modules; nothing is re-exported
here."""
