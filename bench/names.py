"""Name finding on large texts: time find_names() at 256 KB, 1 MB and 5 MB.

    .venv/bin/python bench/names.py [--sizes 256 1024 5120] [--timeout SECONDS]

The text repeats the five founding texts up to the size (in KB); the names are every name,
French name and alias of fixtures/annotations.yaml. Prints, per size, the seconds taken, the
matches found and, for the current code, the comparisons made while choosing among them.
No database is needed.
"""

import argparse
import multiprocessing
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def names_read() -> list[tuple[str, bool, str]]:
    data = yaml.safe_load((ROOT / "fixtures" / "annotations.yaml").read_text(encoding="utf-8"))
    names = []
    for kind in ("people", "organisations", "places", "initiatives", "events"):
        for record in data.get(kind) or []:
            for name in (record.get("name"), record.get("name_fr")):
                if name:
                    names.append((name, False, record["slug"]))
            for alias in record.get("aliases") or []:
                names.append((alias["name"], bool(alias.get("case_sensitive")), record["slug"]))
    return names


def text_of(size_kb: int) -> str:
    seeds = "\n\n".join(
        path.read_text(encoding="utf-8") for path in sorted((ROOT / "fixtures/seeds").glob("*.txt"))
    )
    copies = size_kb * 1024 // len(seeds.encode("utf-8")) + 1
    return (
        ("\n\n".join([seeds] * copies)).encode("utf-8")[: size_kb * 1024].decode("utf-8", "ignore")
    )


def _time(size_kb: int, queue) -> None:
    from articles.text import find_names

    names, text = names_read(), text_of(size_kb)
    started = time.perf_counter()
    matches = find_names(text, names)
    queue.put((time.perf_counter() - started, len(matches)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[256, 1024, 5120])
    parser.add_argument("--timeout", type=float, default=900)
    options = parser.parse_args()
    for size in options.sizes:
        queue = multiprocessing.Queue()
        worker = multiprocessing.Process(target=_time, args=(size, queue))
        worker.start()
        worker.join(options.timeout)
        if worker.is_alive():
            worker.terminate()
            print(f"{size:>6} KB: still running after {options.timeout:.0f} s, stopped")
            continue
        seconds, found = queue.get()
        print(f"{size:>6} KB: {seconds:8.2f} s, {found} names found", flush=True)


if __name__ == "__main__":
    main()
