"""Review: put the fields the machine is unsure of in front of a person.

listing.py   the fields under the threshold not yet decided (`pipeline review RUN_DIR --list`)
sources.py   the report text around a field's evidence
decisions.py corrections.jsonl lines, in the format `pipeline.export.corrections` applies
terminal.py  the interactive review (`pipeline review RUN_DIR`)
html.py      RUN_DIR/review/, a static page per report plus an index (for sharing)
queue_db.py  the review queue paged from results.sqlite, minus what corrections.jsonl decided
web.py       the web review (`pipeline review RUN_DIR --serve`); serve.py its sockets
fixture.py   a reviewed result as an eval fixture (`--to-fixture REPORT`)
"""
