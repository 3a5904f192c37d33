"""The demo: every app's records in its `demo/data/*.yaml`, loaded by one loader (records.py)."""
