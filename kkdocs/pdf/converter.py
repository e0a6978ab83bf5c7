"""Which PDF backend a build uses: the local LibreOffice pool or remote unoserver endpoints.

Every backend takes a list of `ConversionJob`s and returns one `ConversionResult` per job, in
the order of the input. A bad document never raises; it gets a result with a Danish message.
A PDF only appears under its final name when it is complete (`publish_pdf`).

    with open_converter(workers=2, pdfa=True) as converter:
        results = converter.convert(jobs, on_result=progress.update)

A caller that has its documents one at a time (a build renders them while LibreOffice works)
streams them instead; `report(index, result)` is called from a worker thread:

    with open_converter() as converter, converter.stream(report) as stream:
        index = stream.add(job)   # as each document is written
        ...
        stream.close()            # no more documents; leaving the block waits for the rest
"""

from __future__ import annotations

from kkdocs.pdf.conversion import Converter


def open_converter(
    spec: str | None = None,
    *,
    workers: int | None = None,
    timeout: float = 60.0,
    pdfa: bool = False,
) -> Converter:
    """Open a converter: None or "local" is the LibreOffice pool, "unoserver://h:p,h:p" remote servers.

    `timeout` is seconds per document without progress. `workers` is the pool size (default:
    the number of cores); unoserver converts one document at a time per endpoint, and its
    workbooks go to a local pool of that size.
    """
    if spec is None or spec.strip() == "local":
        from kkdocs.pdf.libreoffice import LibreOfficePool  # the backends are imported when chosen

        return LibreOfficePool(workers=workers, timeout=timeout, pdfa=pdfa)
    if spec.strip().startswith("unoserver://"):
        from kkdocs.pdf.unoserver_farm import UnoserverConverter, parse_unoserver_spec

        return UnoserverConverter(parse_unoserver_spec(spec), timeout=timeout, pdfa=pdfa, workers=workers)
    raise ValueError(
        f"Ukendt konverter: {spec!r}. Brug 'local' eller 'unoserver://vært:port,vært:port'."
    )
