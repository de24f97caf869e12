"""The agreement's pages, one module per topic: the Agreement tab and its editor, its
versions, the intake session. `urls.py` imports the modules; nothing is re-exported here."""
