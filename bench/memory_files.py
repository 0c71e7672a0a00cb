"""Peak memory of one big file per format, against the ~20× bound of issue 13 item 4.

    python -m bench.memory_files [--sizes 1,10] [--rows 10000,40000] [--only text,gbk,docx] [--trace]

Builds, in a temporary directory, text reports of each size in MB (prose and indicator tables
made from the eval reports, UTF-8 and GBK), one text report holding a single N-row indicator
table per `--rows`, and a .docx, .xlsx, .html and .pdf of the same content (the PDF and the
office files are capped where building them would take minutes: their size is printed). Each
file is then extracted in a **fresh process** running exactly what a batch worker runs per
report (`pipeline.batch.work.extract_task`: read under the limits, extract with the rules
backend, write the result JSON), and the table shows, per file:

    format  MB  idle MiB  peak MiB  added MiB  ratio  rise MiB  CPU s

How it is measured, and why:

- `idle MiB`: the process's peak RSS (`VmHWM` of /proc/self/status; `ru_maxrss` would start
  from the bench's own RSS, which Linux carries into a child across `exec`) after importing the
  pipeline and extracting one small report of the same format — an idle worker that has loaded
  its parsers. That memory is the same for a 1 KB and a 50 MB file and is paid once per worker.
- `peak MiB`: the same high-water mark after the big file. `added` = peak − idle is what *the
  file* costs, and `ratio` = added / file size is the figure the bound is about (≤ ~20).
- `rise MiB`: the peak during the big file above the resident size just before it (the
  high-water mark is reset there, `/proc/self/clear_refs`; `-` where the kernel refuses). `added`
  counts from the small report's own peak, so a file whose stages fit in memory the worker had
  already touched can show ~0 there; `rise` shows it against what the worker held at that moment.
- `CPU s`: user + system time of the big file alone.

`--trace` also prints, per file, the ten largest tracemalloc allocation sites at the peak (slow:
tracing doubles the run time; the peak is Python-level memory only).

Issue 13 item 4. Three earlier changes took a .docx from ~112× to ~34× (read as a stream of
paragraphs and table rows, lxml `iterparse`), an .xlsx from ~118× to ~37× (openpyxl read-only,
merged ranges read first) and a 10 MB text from ~29× to ~20× (workers fix glibc's mmap threshold,
`pipeline.core.heap`). Then two more, measured on the 2-core dev machine, the tree before and after
each run in turn (`--sizes 1 --rows 10000`, `--sizes 10 --only text`, `--sizes 50 --only text`):
the normaliser's offset map held as runs instead of two offsets per character
(`pipeline.normalize.offsets`: ~0.2 instead of 8 bytes per character, and a pass copies runs, not
a whole map; the kept 4 MiB identity array is gone), and a text file's encoding chosen by counting
replaced characters block by block with only the winner decoded (`pipeline.ingest.text`):

    case              MB    before MiB  ratio   after MiB  ratio
    text utf-8        0.88      8.6       9.7       7.3      8.3
    text gbk          0.62      8.6      13.9       7.5     12.0
    docx              0.36     10.9      29.9       8.1     22.4
    xlsx              0.51     18.5      36.5      15.8     31.1
    html              1.08     23.7      22.0      22.1     20.5
    pdf               0.53      9.2      17.2       4.0      7.5
    table 10000 rows  0.65    148.9     229.9     148.4    229.1
    text utf-8        9.94    186.7      18.8     156.1     15.7
    text gbk          7.00    188.7      27.0     158.0     22.6
    text utf-8       49.93   1008.4      20.2     839.1     16.8   (whole worker 1062 → 892 MiB)
    text gbk         35.19   1007.1      28.6     847.9     24.1   (whole worker 1061 → 901 MiB)

What a character of text costs, by owner (tracemalloc over the stages of the 1 MB UTF-8 text,
bytes per character, before → after): the text as read 2 → 2; the normalised text 2 → 2; its
offset map 8, plus ~8 for the kept identity array (4 MiB once per worker), → ~0.1; the layout's
lines and cells (`Line` and `Cell` objects, each with its own copy of its text) 8.4, its outline,
grids and spaced-table tokens ~5 more; the rules' working memory ~18.6 at its peak above all that
(their records keep ~3); grounding ~2.5; the result JSON ~2. Python's traced peak 53.9 → 37.6
bytes per character. Peak RSS added per character: 10 MB (4.27 M characters) 46 → 38, 50 MB
(21.4 M) 49 → 41. That file is 2.44 bytes per character in UTF-8 but 1.72 in GBK, so 20× of a
GBK file allows only ~34 bytes per character; what is left is the layout's objects and the rules'
working memory, not the text's copies.
The table is its records: ~17 KB per row at the peak (rules' records ~5.9 KB, grounded copies
~4.9 KB, the layout's cells ~1.8 KB, the result JSON ~3.9 KB) against a ~65-byte row (see the
README's memory paragraph).

Then the readers (MEMORY4): an HTML page read as lxml's parser events, prose line by line and only
a table or `<pre>` kept until its end, instead of bs4's whole-page tree (`pipeline.ingest.html`),
and the heap pages a reader freed handed back to the system before extraction
(`pipeline.core.heap.release_freed_heap`, from `read_document`). The tree before and after, run
in turn (`--sizes 1 --rows 10000`; load ~10 on the 2 cores, so CPU s is noisy):

    case              MB    before MiB  ratio   after MiB  ratio  (rise MiB)
    text utf-8        0.88      5.7       6.5       0.1      0.1     0.8
    text gbk          0.62      5.6       9.0       0.0      0.0     0.3
    docx              0.36      6.3      17.3       1.2      3.3     2.1
    xlsx              0.51     15.0      29.5       8.7     17.2    10.1
    html              1.08     22.1      20.5       0.1      0.1     0.9
    pdf               0.53      2.7       5.0       2.5      4.7     3.2
    table 10000 rows  0.65    141.3     218.2     137.1    211.7   138.0

At 1 MB a file's stages now fit in what the idle worker already holds, so larger files say more
(this script's `measure` on prebuilt files): a 6.0 MB page 126.4 → 69.8 MiB (21.0 → 11.6×), a
2.8 MB workbook 114.8 → 115.0 MiB (40.8×: its sheet is one table, every line a row of layout
cells; the reader's peak, ~8× the file, is over before the layout starts), a 10 MB text 141.9 →
142.3 MiB and its GBK form 140.5 → 142.2 MiB (the reader adds 15–22 MiB of it, freed first).
The readers alone (peak RSS over a bare process, tracemalloc's peak per character of text, CPU):
HTML 1 MB 25.0 → 6.0 MiB, 68.8 → 15.4 bytes per character, 0.52 → 0.13 s; .docx, .xlsx and
text unchanged (10.2, 14.0, GBK 5.7 and UTF-8 9.8 bytes per character at their peak; what stays
live after each is its text, 2 bytes per character, and ~0.4 more after a .docx or .xlsx).

Then the result file (MEMORY5): a report of more than 1,000 records is written record by record
(each by pydantic's compiled serialiser, indented to its depth, `pipeline.core.result_json`) and
checked against the schema in windows of 1,000 records, instead of one whole `model_dump` dict for
the check and another, encoded token by token, for the file. The tree before and after, run in
turn (`--rows 10000 --only table`, `--sizes 3 --only xlsx`, `--sizes 35 --only gbk`: 35 MB of
UTF-8 text is 24.6 MB in GBK, 5,543 indicators; load ~10 on the 2 cores):

    case              MB    before MiB  ratio   after MiB  ratio  (rise MiB)
    table 10000 rows  0.65     76.7     118.5      69.8    107.7   78.0 -> 71.0
    table 40000 rows  2.62    336.6     128.3     309.6    118.1  337.8 -> 311.0
    xlsx              1.66     53.5      32.1      53.5     32.2   54.6 -> 54.7
    text gbk         24.64    479.4      19.5     480.1     19.5  (CPU 41.2 -> 41.7 s; `--sizes 35`)

Python's memory per row of the table, by stage (tracemalloc, above the stage's start): the schema
check 2,894 → 578 bytes, the result file 2,927 → 85; the file's CPU 0.89 → 0.17 s. Neither was the
peak: that is grounding, where the rules' records (~4.0 KB per row: 7 `Evidence` at ~320 bytes —
object 80, `__dict__` 184, two offsets 56 — 2.2 KB; the indicator 0.54 KB; target and actual 0.45
KB; five strings 0.45 KB) and trust's copies (~3.2 KB per row not shared with them: 7 grounded
`Evidence` 2.1 KB, the indicator 0.54 KB, its `field_confidence` 0.44 KB — a 7-key dict, the same
on all 10,000 rows) are alive together: ~7.2 KB per row against a ~65-byte row, ~110× at any size.
20× is out of reach for a dense table while a field's evidence is a model of its own.

Then the records (MEMORY6): `Evidence`, `Target` and `Actual` frozen, slotted pydantic dataclasses
(validated and dumped as the models were: ~64 bytes each, a model ~330), evidences made through the
validator (`models.evidence_at`), and trust's equal `field_confidence` dicts one per report. The
tree before and after, on the same machine (`--rows 10000,40000 --only table`, load ~10):

    case              MB    before MiB  ratio   after MiB  ratio  (rise MiB)
    table 10000 rows  0.65     67.3     103.9      32.9     50.8   67.8 -> 33.8
    table 40000 rows  2.62    301.3     114.9     162.5     62.0  301.9 -> 163.4

Python's memory per row (tracemalloc, above the run's start), the peak of each stage before -> after:
layout 1,792 -> 1,792 (1,530 kept through the rules); rules 6,269 -> 4,461; trust 8,117 -> 4,637;
the result file ~2,600. At trust's end (7,480 -> 4,001), by owner, before -> after: 14 evidences
(the rules' 7 and trust's 7, offsets apart) 3,696 -> 896 (264 -> 64 bytes each); the rules'
indicator with its target and actual ~1,250 -> ~950; trust's indicator (its `__dict__`, evidence
tuple, 7-key `field_confidence`) 920 -> 648; the row's strings (497) and offsets (576: ints above
256) unchanged. What is left is above 20× (1.3 KB per 65-byte row) in every stage: the
layout's cells alone are 1.5 KB per row while the rules read them, and an indicator model is ~0.6
KB. Reaching ~20× needs a streamed design: the rules handing rows to trust as they are made, trust
writing each finished record to a spool file (the result file then written from the spool), and
the report-level checks (weights, scores, coverage) computed from running totals.

The .xlsx's `MB` is the zipped file, ~0.55 of its text's UTF-8 size: per character of text it
costs about what a text file costs (47 bytes of peak RSS added, against 38–41 for the 10 and 50 MB
texts above). At its peak (the rules, 71 MiB traced for 1.19 M
characters) the layout holds 36 MiB: the reader marks each sheet one table, so every one of its
38,754 lines, prose included, is a row of cells (~1 KB per line: `Line`, `GridRow`, 3–4 `Cell`s,
the filled copy); the reader itself peaks at 11 MiB (6.6× the file) and is over before the layout
starts. Marking only a sheet's rows of two or more cells as tables would shrink the layout but
hand its one-cell lines to the prose readers, which may change results: not tried.

Then the sheets' tables and the PDF reader's pages (MEMX): a workbook marks as tables only each
sheet's runs of rows of two or more cells (a lone one-cell row between two stays inside:
`pipeline.ingest.sheet.sheet_tables`), so its title, headings and paragraphs are prose in the
layout, as around a Word table, instead of table rows; the PDF reader lets go of each page's
decoded content streams once the page is read (pdfminer kept every one in its object cache) and its
line records have slots. .xls and .et cases added (built by LibreOffice from the .xlsx; the .et is
BIFF under its own name, as WPS saves most). The tree before and after, run in turn (`--sizes 1
--only xlsx,xls,et,pdf` and `--sizes 3 --only xlsx,xls,et`; load ~8-12 on the 2 cores):

    case              MB    before MiB  ratio   after MiB  ratio  (rise MiB; CPU s)
    xlsx              0.51      5.7      11.2       0.0      0.0   7.6 -> 0.2; 1.7 -> 1.3
    xls               0.53      7.6      14.3       3.4      6.4   8.7 -> 4.1; 1.3 -> 0.9
    et                0.53      7.6      14.3       3.4      6.4   8.5 -> 4.0; 1.4 -> 0.9
    pdf               0.53      3.2       6.0       2.7      5.0   4.4 -> 3.6; 12.0 -> 11.8
    xlsx              1.66     53.1      32.0      28.3     17.0  53.9 -> 29.7; 6.1 -> 4.4
    xls               1.48     54.5      36.7      29.6     19.9  55.5 -> 30.2; 4.6 -> 3.1
    et                1.48     54.4      36.7      29.6     19.9  55.5 -> 30.2; 5.2 -> 3.5

Python's memory per line of the 1.66 MB workbook's text (38,755 lines, tracemalloc, stage by
stage): the layout 949 -> 368 bytes (its one-cell lines no longer each a `GridRow` of cells), the
rules' peak above it 602 -> 574, the whole traced peak 1,691 -> 1,082; the reader's peak (296) and
the text and its normalised form (62 + 79) unchanged. The 1 MB .xls (11,879 lines): layout
959 -> 386, whole traced peak 1,750 -> 1,142; xlrd's whole book (797 bytes per line, with
`formatting_info`) is the reader's peak and over before the layout. The PDF reader's pages held
until the decision across pages (`without_running_lines`; 143 pages, 7,633 printed lines):
618 -> 412 bytes per line (content streams ~200, slots ~50); what is left is each line's text
(~108) and its five floats and record (~190). The result JSON is identical on every existing input
(the samples, realworld, the shared real files — PDFs and an .xls — and every form of
`tests/file_forms.py`, 126 files); on the 32 eval reports each written as an .xlsx by
`build_xlsx`, the indicators that equal the text file's went from 138 of 157 read to 165 of 175
(prose lines that were table rows are read as prose again), and no report reads fewer.

Then the layout's cells (MEM-L): a `Cell` is four slots (64 bytes; five were 80), its offsets kept
relative to its row's start, an int the row's cells share (each offset is then a small int Python
keeps once, where two absolute offsets were two 32-byte ints per cell); whether it is inherited or
a slice is its class. Python's memory per row of the 10,000-row table (tracemalloc): the layout
1,462 -> 958 bytes (~210 of it the bounded header-word caches keyed by cell texts), the rules'
stage peak 4,461 -> 4,405 (the rules' copies of the cells now hold their own offsets), the
report's peak (grounding; no layout object is alive by then) 4,641 -> 4,640. Per character of the
1 MB mixed text: the layout 10.9 -> 9.0, the report's peak (the rules', the layout alive) 29.4 ->
27.4. The tree before and after, run in turn (`--rows 10000,40000 --only table`, `--sizes 1`,
`--sizes 3 --only xlsx,xls`, `--sizes 10 --only gbk`):

    case              MB    before MiB  ratio   after MiB  ratio
    table 10000 rows  0.65     33.1      51.1      33.2     51.3
    table 40000 rows  2.62    163.0      62.1     163.0     62.2
    xls               0.53      4.2       7.9       2.4      4.4
    et                0.53      4.3       8.1       2.4      4.6
    xlsx              1.66     21.3      12.8      19.3     11.6
    text gbk          7.00    111.3      15.9     102.3     14.6

A one-table report is as far above 20× as before: its peak is grounding's copies of the records;
the layout's share shows where the rules' stage is the peak (long texts, workbooks).
Then the records' side of a dense table (MEM-S): no stage's objects held past the point where the
next stage has read them. In the rules backend's flow (`pipeline.process._trusted_rules`) only the
rules hold the layout (given as how to make it, `extract_rules`' `LayoutSource`) and let it go once
the projects' budgets are read from it, before any indicator is made; each candidate is let go as
its indicator is made (`pipeline.core.handoff.drained`); only trust holds the rules' result
(`pipeline.trust.apply.trust_made`) and lets each record go once its grounded copy is made, so the
extractor's records and trust's are never all alive together; trust keeps its records in order,
not in a table by path; levels, units and targets and actuals as written are interned (the same
few words on many rows) and each distinct number the rules read is one float object; the
coverage check squashes the text by blocks instead of splitting it into a list of every word. The
tree before (ab87bce) and after (`--rows 10000,40000 --only table`, load ~12; CPU s 2.5 -> 2.2
and 13.6 -> 9.8; `--sizes 1` unchanged within 0.7 MiB on every format):

    case              MB    before MiB  ratio   after MiB  ratio  (rise MiB)
    table 10000 rows  0.65     33.3      51.3      19.2     29.6   34.2 -> 20.0
    table 40000 rows  2.62    162.8      62.1     113.1     43.1  163.8 -> 114.1

Python's memory per row of the 10,000-row table (tracemalloc above the report's start, live at each
stage's end and its peak, before -> after): the layout 1,462 live, peak 1,723 (the same); the
candidates found over it 2,570 live, peak 3,118 (the same: now the report's peak); the rules' end
3,818 live (the layout and the records), peak 4,393 -> 2,453 live (the records alone), peak 2,501;
the checks and coverage peak 3,818 -> 2,599 (the coverage check's list of words, ~450, gone);
trust's end 4,042 live (the extractor's records and trust's), peak 4,572 -> 2,388, peak 2,461; the
result file 2,634 -> 2,454. The whole peak 4,572 -> 3,118 bytes per row (-32 %). Sharing the
repeated written targets and actuals and the numbers (a last step, measured alone) takes the
records from 2,453 to 2,197 bytes per row at the rules' end (2,132 after trust) on this table,
whose targets repeat every 90 rows; it does not move the peak, which is still the candidates'. What
is left above ~20× (~1.3 KB of resident memory per 65-byte row) is, in order: the layout's lines
and cells (~1.5 KB per row) with the candidates the rules read from them (~1.1 KB: a `Cell` object,
its text and two offsets per field) — the peak; then the records themselves, ~2.4 KB per row as the
rules make them and as trust leaves them (an indicator model ~550 with its `__dict__`, seven
evidences ~450 and their fourteen offsets ~450, target and actual ~120, the row's strings ~350,
floats ~100; ~2.2 KB with repeated words and numbers shared). Under ~20× needs the records never
all alive: candidates read lazily per table, each indicator made, trusted and written to the result
file (a spool in the run directory, renamed into place) before the next, the report-level checks
(weight and score sums, duplicates, coverage) kept as running totals over the rows — a streamed
flow through the rules driver, trust and the writer.

Then the layout's rows and the candidates' cells (MEM-L3): a layout's `GridRow` holds no `Cell`
objects but the text, its start and its cells' offsets relative to it in one `bytes` (a tuple of
ints where one is 256 or more); its cells, texts and span are made when read, a cell that is no
slice of the text (joined, glued, filled from the row above) kept as it is. Tab and pipe rows are
cut straight into offsets, and alignment and level filling work on them. A rules `Cell` read from
a grid row as written is that row and its index (`rules.cells.Cell.in_row`, 48 bytes), its text
and offsets read from the row when asked, instead of a copy of its text and two offsets (~190
bytes). The tree before (c1a845c) and after (`--rows 10000,40000 --only table`, load ~20 on the 2
cores):

    case              MB    before MiB  ratio   after MiB  ratio  (rise MiB)
    table 10000 rows  0.65     28.0      43.3      22.0     34.0   28.0 -> 22.0
    table 40000 rows  2.62    118.3      45.1      83.3     31.8  118.3 -> 83.3
    text utf-8        0.88      5.9       6.7       4.7      5.4   (`--sizes 1 --rows 10000`)
    text gbk          0.62      0.0       0.0       0.0      0.0
    docx              0.36      6.3      17.3       4.9     13.6
    xlsx              0.51      5.2      10.2       4.1      8.0
    xls               0.53     11.6      21.6      11.9     22.2   (xlrd's book: the reader's peak)
    et                0.53     11.5      21.6      11.7     21.9
    html              1.08     15.0      13.9      14.3     13.3
    pdf               0.53      8.1      15.1       7.7     14.4
    table 10000 rows  0.65     28.3      43.6      22.0     33.9

Python's memory per row of the 10,000-row table (tracemalloc, warm process, above each stage's
start), before -> after: the layout 958 live, peak 1,220 -> 378, 672 (of the 378, ~200 are the
bounded caches of header words keyed by cell texts, the same at any size; the rows themselves
~150: the row 72, its start 32, its offsets 48); the candidates found over it 2,522 live, peak
3,070 -> 1,133, 1,662 (a candidate 144 and its seven cells 336 above the layout); the rules' end
2,166 -> 2,312 live (the records: each reads a cell's text and offsets afresh, where they shared
one string and two ints with the candidate's cells, ~150 bytes per row more); the report's traced
peak 3,070 (the candidates) -> 2,420 (the checks, over the records). What is left above ~20× is
the records (~2.2-2.3 KB per row alive together), as before: the streamed flow above.
Then the records streamed (STREAM): in the batch worker and `pipeline extract`, the rules hand
each indicator on as they make it (`extract_rules`' `IndicatorSink`); it is judged, tallied for
the report-level checks (`trust.checks.IndicatorTally`: each row's own findings, the weights and
scores, each distinct name's key and first index; coverage from the set of levels) and spooled
(`core.handoff.Spool`: in memory up to 1,000 per project, past that pickled one by one to an
unnamed file in the run's directory); once the checks are known, trust reads each back, grounds,
scores and writes it into the result file's temporary before the next (`trust.apply.TrustRun`,
`core.result_json.spliced_pieces`). Python's memory per row of the 10,000-row table (tracemalloc
above the report's start, live at each stage's end and the stage's peak), before -> after: the
rules' end 2,166 live (peak 3,070) -> 606 live (peak 3,070); trust, the schema check and the file
peak 2,313 -> 652. Of the 606, ~414 are alive after the report too (the layout's header-word
caches keyed by cell texts, name keys, the text): the records' part is ~190 bytes per row at the
rules' end (the tally's keys and indices ~140, weights and scores ~16, the spool's offsets 8) and
~240 at trust's peak. The report's peak is unchanged, now the candidates over the layout, so the
figures are too (same machine, the tree before and after, load ~8):

    case              MB    before MiB  ratio   after MiB  ratio
    table 10000 rows  0.65     28.3      43.7      28.2     43.5
    table 40000 rows  2.62    118.3      45.1     118.3     45.1

CPU: the table's streamed write 2.08-2.28 -> 2.66-2.72 s (one process, alternately; the spool's
pickle round trip, ~0.3 s of it); a report of up to 1,000 indicators per project never spills,
and is trusted and written whole as before (samples: within the noise).

Then the rules' working copies over the candidates (MEM-C): past the STREAM change a one-table
report's peak was the rules' own working memory while a whole table's candidates (~480 bytes a
row: the candidate 144, seven cells held as their row and index 336) were alive over the layout.
Merge held a set of each kept name key's characters (~730 bytes for an eight-character name),
its key and sizes for every row, though no two rows of one table are ever compared; now a kept
candidate is indexed (each character of its key → the kept candidates holding it) only when a
layout present can match it, so a report of one table indexes nothing. The fused readers'
squash of the text split the whole text at once (`str.split` lists every run: ~590 bytes a row
for a moment), now block by block (16K characters, cut at whitespace); readings inside table
cells are not looked for where every candidate is a table row (two `(start, end)` tuples a
row); and a grid's body rows are made as they are read (`grids._Rows`), not all at once (a `Row`
and its cells' tuple, ~240 bytes a row). The tree before (682d9c4) and after, run in turn
(`--sizes 1 --rows 10000,40000`, load ~8-11 on the 2 cores):

    case              MB    before MiB  ratio   after MiB  ratio
    table 10000 rows  0.65     22.9      35.3       9.8     15.2
    table 40000 rows  2.62     86.0      32.8      40.6     15.5
    text utf-8        0.88      5.1       5.8       4.7      5.3
    docx              0.36      4.9      13.6       5.3     14.5
    xlsx              0.51      4.6       9.0       4.3      8.4
    html              1.08     15.3      14.1      15.3     14.2
    pdf               0.53      7.8      14.6       8.1     15.2
    xls               0.53      3.1       5.8      12.0     22.6   (idle 55.1 -> 44.6, peak 58.2 -> 56.6 MiB)

The .xls (and .et) line is the idle worker, not the file: the small report's own peak fell by
~10 MiB (its sheet is a table), so the big file's lower peak now shows as more added.
Python's memory per row of the 10,000-row table (tracemalloc above the report's start, each
stage's peak), before -> after: the layout 446 live (the same; ~210 of it the bounded caches
of header words); reading the grids 1,289 -> 1,049; the fused readers 1,645 -> 1,180 (the
squashed text and its runs' offsets, ~140, live until the rules are done); readings inside
cells 1,514 -> 1,195; merge 2,554 -> 1,160 (the report's peak before); making and spooling the
records 1,233 -> 1,223 (the spool's first 1,000 records in memory: ~2 MB at any size, now the
peak). At 40,000 rows the peak is 983 bytes per row, at the end of finding the candidates: the
layout ~300, the candidates ~480, the fused readers' squash ~140. Under ~15× needs the
candidates themselves smaller (a grid row's candidate as its row and column indices, cells made
when read) or made into records table by table. CPU of the 10,000-row table: see before.json.

Then the .xls reader (MEM-X): xlrd's `Sheet` refers to itself (its `put_cell` is a method bound to it
and stored on it) and to its `Book`, so the book read the plain way — workbook stream, shared
strings, formats and every sheet's grid of per-row arrays, ~7.4 MiB for the 0.53 MB file — was
freed only by the cycle collector, well into extraction, and sat under the stages' peak. Now the
book is opened `on_demand`, each sheet is made into text, unloaded and emptied (`vars().clear()`)
before the next, the book emptied once the last is read, and rows are `ragged` (each as long as
its last cell; a cell past it is empty unless a merged range covers it). Python's memory live
after `read_document` of the 0.53 MB file 8.05 -> 0.82 MiB (its text 0.7). The tree before
(682d9c4) and after, run in turn, twice (`--sizes 1,3 --only xls,et`, load ~4-8):

    case              MB    before MiB  ratio   after MiB  ratio  (CPU s)
    xls               0.53     12.2      22.8       6.1     11.5   0.8 -> 0.7
    et                0.53     12.2      22.9       6.2     11.6   0.8 -> 0.7
    xls               1.48     37.3      25.1      25.4     17.1   2.5-2.6 -> 2.3-2.4
    et                1.48     37.3      25.1      25.5     17.2   2.6-2.7 -> 2.3

(In 4 of ~22 such rows of this tree, none of ~20 of the tree before, the small report's run itself
peaked ~11 MiB higher — `idle` ~55 — and the big file's row showed ~1 MiB, or its `added` was ~15.6;
~25 runs of the same child on fixed files never did. Not explained.)

The other formats at bigger sizes (682d9c4, their readers unchanged here; load ~14 on the 2 cores):
`--sizes 5 --only html,xlsx` and `--sizes 2.5 --only docx` / `--only pdf` (a 5 MB .docx or PDF was
still being built after 20 minutes):

    case              MB    added MiB  ratio
    xlsx              2.82     43.3     15.4
    html              6.01     42.0      7.0
    docx              0.92     21.1     22.8  OVER (0.36 MB: ~16×)
    pdf               1.45     11.5      7.9

The .docx is over 20× at 0.92 MB: not looked into yet.

At 1.48 MB the peak is now the reader's (the file read alone: rise 26.0 -> 24.7 MiB): xlrd's grid
of the one sheet, three containers per row (~240 bytes with formatting: 55,750 rows, ~1.2 cells
each) and a row record per ROW record (~60 bytes), over the file's bytes and xlrd's copy of its
workbook stream. Below that needs a reader of the sheet's cell records that makes each row's line
as it goes (no grid): not tried. The result JSON is identical on 184 .xls/.et inputs (every
.xlsx form of tests/file_forms.py over every form of tests/layout_forms.py and each eval report,
saved as .xls by LibreOffice; the shared real .xls; the test's hand-made BIFF; .et copies), and
so are each one's text, segments and tables.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "evals" / "reports").glob("*.txt")) + sorted(
    (ROOT / "evals" / "realworld" / "reports").glob("*.txt")
)
MIB = 1 << 20
BOUND = 20
XLS_ROWS = 65536

CHILD = r"""
import json, os, sys, tracemalloc
from pathlib import Path
from pipeline.core.heap import return_big_blocks
return_big_blocks()  # as a batch worker does first (pipeline.core.parent_watch.boot)
from pipeline.batch.outcome import Task
from pipeline.batch.work import extract_task
from pipeline.core.config import resolve_config
from pipeline.process import extract_file

small, big, out, trace = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4] == "1"
config = resolve_config({"backend": "rules"})

def run(path):
    task = Task(str(path), str(path), None, path.stem + ".json")
    outcome = extract_task(task, config, extract_file, out)
    return outcome.status, outcome.indicators, outcome.reason

def proc_status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) / 1024

def maxrss():  # VmHWM, not ru_maxrss: Linux carries the forking parent's RSS into ru_maxrss across exec
    return proc_status("VmHWM:")

def reset_peak():  # the high-water mark starts again from the resident size (Linux >= 4.0)
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
        return True
    except OSError:
        return False

run(small)
idle = maxrss()
resident = proc_status("VmRSS:")
reset = reset_peak()
if trace:
    tracemalloc.start(8)
before = os.times()
status, indicators, reason = run(big)
after = os.times()
top = []
if trace:
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20
    snapshot = tracemalloc.take_snapshot()
    top = [f"{s.size / 2**20:.1f} MiB {s.traceback}" for s in snapshot.statistics("lineno")[:10]]
    top.insert(0, f"traced peak {traced_peak:.1f} MiB (live at end listed below)")
cpu = (after.user - before.user) + (after.system - before.system)
print(json.dumps({"idle": idle, "peak": max(idle, maxrss()), "rise": maxrss() - resident if reset else None,
                  "cpu": cpu, "status": status,
                  "indicators": indicators, "reason": reason, "top": top}))
"""


def mixed_text(megabytes: float) -> str:
    """The eval reports, concatenated until the UTF-8 text is `megabytes` MB: prose and tables."""
    pieces = [path.read_text(encoding="utf-8") for path in SOURCES]
    block = "\n\n".join(pieces)
    target = int(megabytes * MIB)
    repeats = max(1, target // len(block.encode("utf-8")))
    return "\n\n".join([block] * repeats)


def table_text(rows: int) -> str:
    lines = ["一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分"]
    for n in range(rows):
        lines.append(f"产出指标\t数量指标\t培训人次第{n}项\t≥{n % 90 + 10}人\t{n % 90 + 12}人\t1\t1")
    return "项目支出绩效自评报告\n" + "\n".join(lines) + "\n"


def _paragraphs(text: str) -> Iterator[list[str]]:
    """Lines of `text`, a tab-separated line split into cells (a table row), else one cell."""
    for line in text.splitlines():
        yield line.split("\t")


def build_docx(text: str, path: Path) -> None:
    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for r, cells in enumerate(rows):
                for c, cell in enumerate(cells):
                    table.cell(r, c).text = cell
            rows.clear()

    for cells in _paragraphs(text):
        if len(cells) > 1:
            rows.append(cells)
            continue
        flush()
        document.add_paragraph(cells[0])
    flush()
    document.save(str(path))


def build_xlsx(text: str, path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("报告")
    for cells in _paragraphs(text):
        sheet.append(cells)
    book.save(str(path))


def build_html(text: str, path: Path) -> None:
    out = io.StringIO()
    out.write("<html><head><meta charset='utf-8'></head><body>")
    in_table = False
    for cells in _paragraphs(text):
        if len(cells) > 1:
            out.write("<table>" if not in_table else "")
            out.write("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
            in_table = True
            continue
        if in_table:
            out.write("</table>")
            in_table = False
        out.write(f"<p>{cells[0]}</p>")
    out.write("</table></body></html>" if in_table else "</body></html>")
    path.write_text(out.getvalue(), encoding="utf-8")


def build_pdf(text: str, path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = 800
    for line in text.splitlines():
        if y < 40:
            pdf.showPage()
            y = 800
        pdf.setFont("STSong-Light", 8)
        pdf.drawString(20, y, line.replace("\t", "  ")[:90])
        y -= 10
    pdf.save()


def build_xls(text: str, path: Path) -> None:
    """The .xlsx of `text` saved as .xls by LibreOffice (no library here writes BIFF)."""
    from pipeline.ingest.convert import find_soffice

    if text.count("\n") >= XLS_ROWS:  # LibreOffice would drop the rest of the sheet
        raise BuildSkipped(f"an .xls holds {XLS_ROWS:,} rows at most: {text.count(chr(10)) + 1:,} lines")
    soffice = find_soffice()
    if soffice is None:
        raise BuildSkipped("LibreOffice (soffice) is not on PATH: no .xls or .et built")
    with tempfile.TemporaryDirectory(prefix="pipeline-xls-") as scratch:
        source = Path(scratch) / "sheet.xlsx"
        build_xlsx(text, source)
        profile = f"-env:UserInstallation=file://{scratch}/profile"
        command = [soffice, "--headless", profile, "--convert-to", "xls", "--outdir", scratch, str(source)]
        subprocess.run(command, capture_output=True, check=True, timeout=1800)
        shutil.move(Path(scratch) / "sheet.xls", path)


def build_et(text: str, path: Path) -> None:
    """A Kingsoft .et as WPS saves most of them: an Excel binary (BIFF) file under its own name,
    read by the .xls reader (`pipeline.ingest.sniff`; an .et of another kind goes through
    LibreOffice to .xlsx, in a process of its own, and is then read as an .xlsx)."""
    build_xls(text, path)


class BuildSkipped(Exception):
    """A case this machine cannot build (its row says why)."""


Builder = Callable[[str, Path], None]
OFFICE: dict[str, Builder] = {
    "docx": build_docx,
    "xlsx": build_xlsx,
    "xls": build_xls,
    "et": build_et,
    "html": build_html,
    "pdf": build_pdf,
}


def build_inputs(
    root: Path, sizes: list[float], rows: list[int], only: set[str]
) -> Iterator[tuple[str, Path | None, Path | str]]:
    """(label, big file, small file of the same format) for every case asked for, each built
    just before it is measured; (label, None, why) for a case this machine cannot build."""
    small_text = SOURCES[0].read_text(encoding="utf-8")
    small_dir = root / "small"
    small_dir.mkdir()

    def small_of(suffix: str, encoding: str = "utf-8") -> Path:
        path = small_dir / f"small-{encoding}.{suffix}"
        if not path.exists():
            if suffix == "txt":
                path.write_bytes(small_text.encode(encoding, errors="replace"))
            else:
                OFFICE[suffix](small_text, path)
        return path

    for megabytes in sizes:
        text = mixed_text(megabytes)
        for encoding in ("utf-8", "gbk"):
            if "text" in only or encoding in only:  # `--only gbk`: the GBK text alone
                path = root / f"mixed-{megabytes:g}mb-{encoding}.txt"
                path.write_bytes(text.encode(encoding, errors="replace"))  # GBK lacks a few symbols
                yield f"text {encoding}", path, small_of("txt", encoding)
        for suffix, build in OFFICE.items():
            if suffix in only:
                path = root / f"mixed-{megabytes:g}mb.{suffix}"
                try:
                    build(text, path)
                    small = small_of(suffix)
                except BuildSkipped as skipped:
                    yield suffix, None, str(skipped)
                    continue
                yield suffix, path, small
    for count in rows:
        if "table" in only:
            path = root / f"table-{count}.txt"
            path.write_text(table_text(count), encoding="utf-8")
            yield f"table {count} rows", path, small_of("txt")


def measure(big: Path, small: Path, out: Path, trace: bool) -> dict[str, Any]:
    out.mkdir(exist_ok=True)
    command = [sys.executable, "-c", CHILD, str(small), str(big), str(out), "1" if trace else "0"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        return {"error": f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure_files(
    root: Path, sizes: list[float], rows: list[int], only: set[str], trace: bool = False
) -> Iterator[dict[str, Any]]:
    """One row per case, as it is measured (see the module docstring); `root` is an empty scratch
    directory."""
    for label, big, small in build_inputs(root, sizes, rows, only):
        if big is None or isinstance(small, str):
            yield {"case": label, "mb": 0.0, "error": str(small)}
            continue
        megabytes = big.stat().st_size / MIB
        got = measure(big, small, root / "out", trace)
        row: dict[str, Any] = {"case": label, "mb": round(megabytes, 2)}
        if "error" in got:
            yield {**row, "error": got["error"]}
            continue
        added = got["peak"] - got["idle"]
        yield {
            **row,
            "idle_mib": round(got["idle"], 1),
            "peak_mib": round(got["peak"], 1),
            "added_mib": round(added, 1),
            "ratio": round(added / megabytes, 1),
            "rise_mib": None if got["rise"] is None else round(got["rise"], 1),
            "cpu_seconds": round(got["cpu"], 1),
            "status": got["status"],
            "indicators": got["indicators"],
            "top": got["top"],
        }


HEADER = ["case", "MB", "idle MiB", "peak MiB", "added MiB", "ratio", "rise MiB", "CPU s", "result"]


def table_cells(row: dict[str, Any]) -> list[Any]:
    """A row of `measure_files` as table cells (`HEADER`); over the bound is marked."""
    if "error" in row:
        return [row["case"], row["mb"], row["error"], "", "", "", "", "", ""]
    over = " OVER" if row["ratio"] > BOUND else ""
    return [row["case"], f"{row['mb']:.2f}", row["idle_mib"], row["peak_mib"], row["added_mib"],
            f"{row['ratio']}{over}", "-" if row["rise_mib"] is None else row["rise_mib"], row["cpu_seconds"],
            f"{row['status']} indicators={row['indicators']}"]  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.memory_files", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10", help="text sizes in MB, comma-separated")
    parser.add_argument("--rows", default="10000,40000", help="rows of the one-table reports")
    parser.add_argument(
        "--only",
        default="text,table,docx,xlsx,xls,et,html,pdf",
        help="cases to run (`utf-8` or `gbk`: one text)",
    )
    parser.add_argument("--trace", action="store_true", help="also print the top tracemalloc sites")
    args = parser.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",") if s]
    rows = [int(r) for r in args.rows.split(",") if r]
    widths = [20, 7, 10, 10, 11, 12, 10, 8, 0]
    print(
        "".join(
            f"{h:<{w}}" if i == 0 else f"{h:>{w}}" if w else f"  {h}"
            for i, (h, w) in enumerate(zip(HEADER, widths, strict=True))
        )
    )
    with tempfile.TemporaryDirectory(prefix="pipeline-memory-") as work:
        for row in measure_files(Path(work), sizes, rows, set(args.only.split(",")), args.trace):
            cells = table_cells(row)
            print(
                "".join(
                    f"{c!s:<{w}}" if i == 0 else f"{c!s:>{w}}" if w else f"  {c}"
                    for i, (c, w) in enumerate(zip(cells, widths, strict=True))
                ),
                flush=True,
            )
            for line in row.get("top") or []:
                print(f"    {line}")


if __name__ == "__main__":
    main()
