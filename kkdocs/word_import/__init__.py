"""Back from Word: reading a filled-in form as untrusted input, the pieces every type's form reader
uses, and writing what was read as a case file.

One module per job, in the order the data flows:

- `docx_reader.py` opens a .docx as untrusted input and gives its body as paragraphs and
  tables (text as it stood before any tracked change), its comments and tracked changes;
- `danish_numbers.py` reads the figures the Danish way ("-12.711", "– 1.234", "÷ 475");
- `form_parts.py` finds a form's parts by their headings and table labels;
- `danish_dates.py` reads dates and months ("13. oktober 2023", "31/10/2026", "apr. 2024");
- each case type reads its own form (`kkdocs/case_types/<type>/form_reader.py`, named by its
  record) into case data, with a gap for each part it cannot read; `imported_case.py` holds
  what it read;
- `case_yaml.py` writes that data as a new case file, with a comment at each gap;
- `case_merge.py` updates an existing case file (ruamel.yaml round trip) and lists the changes.

`kkdocs/form_import.py` ties them together for the CLI (`import_forms`, `update_case`,
`check_forms`); it sits at the edge because it validates what it read. This stage comes before
`case_types`, so that a type's package can hold its reader.
"""
