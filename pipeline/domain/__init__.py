"""The vocabulary of the field, defined once: what every stage may know about 绩效自评报告.

Modules (each small, each importable on its own; `domain` imports only `pipeline.core`):

- `levels`      一级/二级 level words and which 一级 a 二级 sits under;
- `headers`     header words → column roles (level1, level2, name, target, actual, …; budget columns);
- `comparators` ≥ ＞ 不低于 以上 … → contract op, and which words are comparators only in a goal;
- `units`       units of quantities and which of them count things;
- `numbers`     one number grammar: digits (full-width too), Chinese numerals, 万/亿, ranges, deadlines;
- `quantity`    a value cell or phrase → comparator, number, unit (targets and actuals);
- `amounts`     money to 万元 (元/万元/亿元) and percentages;
- `placeholders` cells that hold nothing (`XX`, `**`, `……`, `/`, `—`);
- `ocr`         repairs of OCR digit errors, every edit recorded;
- `headings`    the four heading numbering styles (一、 （一） 1. （1）);
- `names`       name keys for matching two spellings of one name;
- `met`         `judge_met`: whether an actual meets its target;
- `pages`       the line that numbers a printed page (`- 3 -`, `第 3 页 共 12 页`).
"""
