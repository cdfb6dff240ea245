"""kanslist: från ett YAML-ärende till kommunens officiella handlingar."""

__version__ = "0.1.0"
