"""Meetings (sammanträden): kallelse, protokoll, protokollsutdrag and anslag from one YAML file per meeting.

Kept free of imports: organisation.py reads the house-style settings of ``stil`` from here.
"""
