"""`kkdocs serve`: the workspace's cases as forms in the browser, checked and calculated as the user types.

The last stage: it calls the library's public functions (validate, calculate) and adds no rule
and no arithmetic of its own; nothing below imports it.
"""
