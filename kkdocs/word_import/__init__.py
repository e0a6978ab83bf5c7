"""`kkdocs import`: back from Word to a case (docs/import.md; its contract in docs/design.md).

One module per job, in the order the data flows:

- `docx_reader.py` opens a .docx as untrusted input and gives its body as paragraphs and
  tables (text as it stood before any tracked change), its comments and tracked changes;
- `danish_numbers.py` reads the figures the Danish way ("-12.711", "– 1.234", "÷ 475");
- `form_parts.py` finds a form's parts by their headings and table labels;
- `danish_dates.py` reads dates and months ("13. oktober 2023", "31/10/2026", "apr. 2024");
- `proposal_form.py` reads an effektiviserings- or investeringsforslag (forslag and
  administrativt bilag) into case data, with a gap for each part it cannot read, and
  `appendix_form.py` its bilag; `loan_form.py` a loan application, `distribution_form.py` a
  fordelingsbilag; `imported_case.py` holds what they read;
- `case_yaml.py` writes that data as a new case file, with a comment at each gap;
- `case_merge.py` updates an existing case file (ruamel.yaml round trip) and lists the changes;
- `importer.py` ties them together for the CLI: `import_forms`, `update_case` and `check_forms`.
"""
