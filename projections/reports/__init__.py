"""Audit reports across members, each from the views (anomalies: from the streams)."""
