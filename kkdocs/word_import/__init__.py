"""`kkdocs import`: back from Word to a case (issue 19).

One module per job, in the order the data flows:

- `docx_reader.py` opens a .docx as untrusted input and gives its body as paragraphs and
  tables (text as it stood before any tracked change), its comments and tracked changes;
- `danish_numbers.py` reads the figures the Danish way ("-12.711", "– 1.234", "÷ 475");
- `form_parts.py` finds a form's parts by their headings and table labels;
- `proposal_form.py` reads an effektiviserings- or investeringsforslag (forslag,
  administrativt bilag, bilag) into case data, with a gap for each part it cannot read;
- `case_yaml.py` writes that data as a new case file, with a comment at each gap;
- `case_merge.py` updates an existing case file (ruamel.yaml round trip) and lists the changes;
- `importer.py` ties them together for the CLI: `import_forms` and `check_forms`.
"""
