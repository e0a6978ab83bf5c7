"""Stage 1, the case file as text: YAML parsed with the position of every value, and syntax errors in Danish."""
