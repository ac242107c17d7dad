#!/usr/bin/env python3
"""Fixed-seed generator of realistic notes, and a loader that writes them through notesctl.

The notes look like a developer's notebook: a title, a Markdown body with headings, paragraphs
whose words follow a Zipf-like distribution over a fixed vocabulary (so there are very common
and very rare terms, as in real text), `- [ ]` / `- [x]` checkboxes with `due:` dates and
`#tags`, `[[links]]` to earlier notes' titles, and 0-4 tags.

The same seed and count always give the same notes, byte for byte (Python's `random.Random`
is stable across versions for `random()`, which is all this uses).

    gen.py notes --count N [--seed S]             # one JSON note per line on stdout
    gen.py load  --db FILE --count N --notesctl BIN [--batch 2000] [--manifest OUT.json]

`load` sends the notes through the real write path, as `notesctl apply --file -` batches, and
writes a manifest: the load time, and search terms picked from the generated text by document
frequency (a selective term, a common term, a prefix) for the benchmark.
Python 3 standard library only.
"""
import argparse
import bisect
import itertools
import json
import os
import subprocess
import sys
import threading
import time

import random

DEFAULT_SEED = 20261129

# The head of the distribution: words a developer's notes are full of.
COMMON = """
the of and to a in is for that it on with as this be are by we from at or not have an will can
but if should use all when need which one so new more into there they what about also it's our
than only then some other time how up out make just may like after do these would because first
data work file test build issue note release team server user api code change review update
meeting plan design query index cache store deploy config service error fix bug version branch
merge commit schema table migration backup latency request response client session token queue
worker job event log metric alert dashboard disk memory cpu thread process network timeout retry
""".split()

SYLLABLES = """
ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo fu ga ge gi go gu ha he hi ho hu ja je
jo ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa
se si so su ta te ti to tu va ve vi vo vu wa we wi wo za ze zi zo zu bar ber bor car cor dar der
fan fen gar gor han hen kar kor lan len lin mar mor nar nor par per por ran ren sar ser tan ten
tor van ven var ver zan zen
""".split()

TAGS_HEAD = """
work personal idea todo meeting project reading research draft urgent later infra backend
frontend ops security perf docs review planning retro hiring travel finance health
""".split()

HEADINGS = ["Context", "Notes", "Decisions", "Open questions", "Next steps", "Summary", "Details",
            "Background", "Action items", "References", "Log", "Ideas", "Risks", "Results"]


def make_vocabulary(rng, size):
    """The COMMON words, then pseudo-words made of 2-4 syllables, all distinct and lower case."""
    words = list(dict.fromkeys(COMMON))
    seen = set(words)
    while len(words) < size:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 3, 4))))
        if w not in seen and w.upper() not in ("AND", "OR", "NOT", "NEAR"):
            seen.add(w)
            words.append(w)
    return words


def zipf_cumulative(n, s):
    total, cum = 0.0, []
    for rank in range(1, n + 1):
        total += 1.0 / rank ** s
        cum.append(total)
    return cum


class Generator:
    def __init__(self, seed=DEFAULT_SEED, vocabulary=30000, zipf=1.07):
        self.rng = random.Random(seed)
        self.words = make_vocabulary(random.Random(seed ^ 0x5EED), vocabulary)
        self.cum = zipf_cumulative(len(self.words), zipf)
        self.total = self.cum[-1]
        tag_rng = random.Random(seed ^ 0x7A6)
        self.tags = TAGS_HEAD + ["t-" + w for w in tag_rng.sample(self.words[300:5000], 175)]
        self.tag_cum = zipf_cumulative(len(self.tags), 1.0)
        self.titles = []
        self.index = 0

    def word(self):
        return self.words[bisect.bisect_left(self.cum, self.rng.random() * self.total)]

    def words_n(self, n):
        return [self.word() for _ in range(n)]

    def sentence(self):
        ws = self.words_n(self.rng.randint(5, 18))
        ws[0] = ws[0].capitalize()
        return " ".join(ws) + self.rng.choice((".", ".", ".", ".", "?", "!"))

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 5)))

    def tag(self):
        return self.tags[bisect.bisect_left(self.tag_cum, self.rng.random() * self.tag_cum[-1])]

    def title(self):
        r = self.rng.random()
        ws = " ".join(self.words_n(self.rng.randint(2, 6)))
        if r < 0.2:
            return "Meeting: " + ws
        if r < 0.3:
            return f"{2024 + self.rng.randint(0, 2)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d} {ws}"
        return ws[:1].upper() + ws[1:]

    def checkbox(self):
        done = "x" if self.rng.random() < 0.35 else " "
        text = " ".join(self.words_n(self.rng.randint(3, 10)))
        if self.rng.random() < 0.3:
            text += f" due:2026-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
        if self.rng.random() < 0.25:
            text += " #" + self.tag()
        return f"- [{done}] {text}"

    def link(self):
        if self.titles and self.rng.random() < 0.9:
            return "[[" + self.rng.choice(self.titles) + "]]"
        return "[[" + " ".join(self.words_n(2)).capitalize() + "]]"  # a dangling one

    def body(self, title):
        parts = [f"# {title}", ""]
        for section in range(self.rng.choice((1, 1, 2, 2, 3, 4))):
            if section > 0 or self.rng.random() < 0.3:
                parts += [f"## {self.rng.choice(HEADINGS)}", ""]
            for _ in range(self.rng.randint(1, 3)):
                para = self.paragraph()
                if self.rng.random() < 0.25:
                    para += " See " + self.link() + "."
                parts += [para, ""]
            if self.rng.random() < 0.4:
                parts += [self.checkbox() for _ in range(self.rng.randint(1, 5))] + [""]
        return "\n".join(parts).rstrip("\n") + "\n"

    def note(self):
        title = self.title()
        body = self.body(title)
        tags = sorted({self.tag() for _ in range(self.rng.choice((0, 1, 1, 2, 2, 3, 4)))})
        self.titles.append(title)
        if len(self.titles) > 5000:
            self.titles = self.titles[-2500:]
        self.index += 1
        return {"title": title, "body": body, "tag": tags}


TOKEN_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789")


def tokens(text):
    """Roughly FTS5 unicode61's tokens for ASCII text: runs of letters and digits, lower-cased."""
    out, cur = set(), []
    for ch in text.lower():
        if ch in TOKEN_CHARS:
            cur.append(ch)
        elif cur:
            out.add("".join(cur))
            cur = []
    if cur:
        out.add("".join(cur))
    return out


def pick_terms(df, prefix_df, count):
    """Search terms by document frequency: selective (in ~0.01% of notes, at least 3), common
    (in ~25% of notes), prefix (3 letters whose words are in ~3% of notes)."""
    plain = {t: n for t, n in df.items() if t.isalpha() and len(t) >= 5}
    target = max(3, count // 10000)
    selective = min(plain, key=lambda t: (abs(plain[t] - target), t))
    common = min(plain, key=lambda t: (abs(plain[t] - count * 0.25), t))
    goal = count * 0.03
    prefix = min((p for p in prefix_df if p.isalpha()), key=lambda p: (abs(prefix_df[p] - goal), p))
    return {
        "selective": {"term": selective, "notes": plain[selective]},
        "common": {"term": common, "notes": plain[common]},
        "prefix": {"term": prefix + "*", "notes": prefix_df[prefix]},
    }


def cmd_notes(args):
    g = Generator(args.seed)
    out = sys.stdout
    for _ in range(args.count):
        out.write(json.dumps(g.note(), ensure_ascii=False) + "\n")


def cmd_load(args):
    g = Generator(args.seed)
    env = dict(os.environ, NOTESCTL_DB=args.db, NOTESCTL_ACTOR=args.actor)
    if args.retention:
        env["NOTESCTL_IDEMPOTENCY_RETENTION"] = args.retention
    df, prefix_df = {}, {}
    started = time.monotonic()
    batch_times = []
    pending = None  # (thread, box, n): the batch being applied while the next one is generated

    def apply(payload, box):
        t0 = time.monotonic()
        box["result"] = subprocess.run([args.notesctl, "apply", "--file", "-", "--json", "--fields", "id"],
                                       input=payload, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        box["seconds"] = time.monotonic() - t0

    def finish(pending, done):
        thread, box, n = pending
        thread.join()
        r = box["result"]
        batch_times.append(box["seconds"])
        if r.returncode != 0:
            sys.exit(f"gen.py: apply failed at note {done} (exit {r.returncode}): {r.stderr.decode()[:2000]}")
        results = json.loads(r.stdout)["results"]
        if len(results) != n:
            sys.exit(f"gen.py: apply returned {len(results)} results for {n} operations")
        done += n
        if args.progress:
            rate = done / (time.monotonic() - started)
            print(f"\r  loaded {done}/{args.count} notes ({rate:.0f}/s)", end="", file=sys.stderr, flush=True)
        return done

    generated = loaded = 0
    while generated < args.count:
        n = min(args.batch, args.count - generated)
        ops = []
        for _ in range(n):
            note = g.note()
            toks = tokens(note["title"] + " " + note["body"] + " " + " ".join(note["tag"]))
            for t in toks:
                df[t] = df.get(t, 0) + 1
            for p in {t[:3] for t in toks if len(t) >= 4}:
                prefix_df[p] = prefix_df.get(p, 0) + 1
            ops.append({"command": "note add", "args": note})
        generated += n
        payload = json.dumps({"operations": ops}, ensure_ascii=False).encode()
        if pending:
            loaded = finish(pending, loaded)
        box = {}
        thread = threading.Thread(target=apply, args=(payload, box))
        thread.start()
        pending = (thread, box, n)
    if pending:
        loaded = finish(pending, loaded)
    if args.progress:
        print(file=sys.stderr)
    elapsed = time.monotonic() - started
    apply_total = sum(batch_times)
    manifest = {
        "seed": args.seed,
        "count": args.count,
        "batch": args.batch,
        "retention": args.retention,
        "generator_version": GENERATOR_VERSION,
        "load_seconds": round(elapsed, 2),
        "apply_seconds": round(apply_total, 2),
        "notes_per_second_apply": round(args.count / apply_total, 1),
        "db_bytes": os.path.getsize(args.db),
        "terms": pick_terms(df, prefix_df, args.count),
    }
    if args.manifest:
        with open(args.manifest, "w") as f:
            json.dump(manifest, f, indent=2)
    json.dump(manifest, sys.stdout, indent=2)
    print()


# Bump when the generated notes change, so cached stores are rebuilt.
GENERATOR_VERSION = 1


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    n = sub.add_parser("notes", help="print notes as JSON lines")
    n.add_argument("--count", type=int, required=True)
    n.add_argument("--seed", type=int, default=DEFAULT_SEED)
    l = sub.add_parser("load", help="load notes into a store through notesctl apply")
    l.add_argument("--db", required=True)
    l.add_argument("--count", type=int, required=True)
    l.add_argument("--seed", type=int, default=DEFAULT_SEED)
    l.add_argument("--batch", type=int, default=2000)
    l.add_argument("--notesctl", required=True)
    l.add_argument("--actor", default="user:bench")
    l.add_argument("--retention", help="NOTESCTL_IDEMPOTENCY_RETENTION for the load (e.g. 1 for 1 s, so that "
                   "`notesctl gc` can purge the batches' receipts afterwards)")
    l.add_argument("--manifest")
    l.add_argument("--progress", action="store_true")
    args = p.parse_args()
    {"notes": cmd_notes, "load": cmd_load}[args.cmd](args)


if __name__ == "__main__":
    main()
