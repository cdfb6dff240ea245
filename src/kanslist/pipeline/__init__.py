"""The pipeline of one case, in the order it runs: load → validate → context → render → write.

``build`` runs it over a workspace (only what changed); ``publish`` takes the build's
report on to PDF/A and the register.
"""
