"""`kanslist importera`: an existing paper → a draft case file.

The seams: reading (``read_docx``, ``read_text``) → segmenting (``segment``) → placing per
kind (``place``, with each kind's own declaration) → writing the draft (``draft``).
"""
