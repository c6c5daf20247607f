"""Evaluation: the SpkAtt reader/writer (``spkatt``) and the shared task's metric (``score``)."""
