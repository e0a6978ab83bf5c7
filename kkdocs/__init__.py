"""kkdocs: case files in YAML become checked, calculated Word, Excel and PDF documents."""

__version__ = "0.1.0"
