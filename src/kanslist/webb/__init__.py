"""kanslist webb: the web app over a workspace, for people who do not write YAML."""
