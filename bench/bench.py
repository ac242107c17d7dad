#!/usr/bin/env python3
"""notesctl against the sqlite3 CLI, side by side in one run, on the same files.

Called by bench/run.sh (which builds the release binary first). Each case runs a notesctl
command and the sqlite3 command doing the equivalent SQL on the same store, as fresh processes
("cold" = a new process every run; the OS page cache is warm, as it is for a user typing
commands). Short commands (start-up, show, list, search, writes) are timed in interleaved
rounds (`Bench.interleaved`: every command once per round, in turn), which keeps ratios honest
on a machine whose speed drifts; the long import and bulk cases, which need a fresh file before
each run, by hyperfine (-N: no shell). Median and p90 over the runs; the ratio is notesctl's
median over sqlite3's; for a case with a target, also the median of each round's ratio, with a
95 % bootstrap interval, which says whether the ratio is clear of the target. Peak memory is the child's ru_maxrss from wait4().

Results: a table on stdout, bench/out/results.json (and bench/out/hyperfine/*.json).
Python 3 standard library only.
"""
import argparse
import hashlib
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402

SQLITE3 = shutil.which("sqlite3") or "/usr/bin/sqlite3"

# The stores are loaded with a 1-second idempotency retention, so that `notesctl gc` can purge
# the batches' receipts later: the write case is measured before and after that gc.
LOAD_RETENTION = "1"

# The columns of a note as `notesctl --json` prints it, as sqlite3 would build them.
NOTE_JSON = """json_object('id', n.id, 'workspace_id', n.workspace_id, 'title', n.title, 'body', n.body,
    'tags', json(n.tags), 'pinned', json(iif(n.pinned, 'true', 'false')), 'archived', json(iif(n.archived, 'true', 'false')),
    'trashed', json(iif(n.trashed_at IS NULL, 'false', 'true')), 'trashed_at', n.trashed_at, 'version', n.version,
    'created_at', n.created_at, 'updated_at', n.updated_at, 'created_by', n.created_by, 'updated_by', n.updated_by"""


def sh(args, **kw):
    return subprocess.run(args, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw).stdout


def q(s):
    """An SQL string literal."""
    return "'" + s.replace("'", "''") + "'"


class Bench:
    def __init__(self, args):
        self.args = args
        self.bin = os.path.abspath(args.notesctl)
        self.out = os.path.abspath(args.out)
        os.makedirs(os.path.join(self.out, "hyperfine"), exist_ok=True)
        self.env = dict(os.environ, NOTESCTL_ACTOR="user:bench", LANG="C.UTF-8")
        for k in list(self.env):
            if k.startswith("NOTESCTL_") and k != "NOTESCTL_ACTOR":
                del self.env[k]
        self.results = []
        self.started = time.monotonic()
        self.schema = self.schema_fingerprint()

    # -- helpers ---------------------------------------------------------------------------

    def log(self, msg):
        print(f"[{time.monotonic() - self.started:6.1f}s] {msg}", file=sys.stderr, flush=True)

    def nctl(self, db, *args):
        return [self.bin, "--db", db, *args]

    def hyperfine(self, name, commands, runs, warmup=2, prepare=None):
        """Runs hyperfine -N over `commands` ({label: argv}); returns {label: stats}."""
        path = os.path.join(self.out, "hyperfine", name + ".json")
        cmd = ["hyperfine", "-N", "--style", "none", "--runs", str(runs), "--warmup", str(warmup),
               "--export-json", path]
        if prepare:
            cmd += ["--prepare", prepare]
        labels = list(commands)
        for label in labels:
            cmd += ["--command-name", label, " ".join(shell_quote(a) for a in commands[label])]
        r = subprocess.run(cmd, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise SystemExit(f"hyperfine failed for {name}:\n{r.stderr}\n{r.stdout}")
        with open(path) as f:
            data = json.load(f)
        out = {}
        for label, res in zip(labels, data["results"]):
            times = sorted(res["times"])
            codes = res.get("exit_codes") or []
            out[label] = {
                "median_ms": statistics.median(times) * 1000,
                "p90_ms": percentile(times, 0.9) * 1000,
                "mean_ms": res["mean"] * 1000,
                "min_ms": times[0] * 1000,
                "runs": len(times),
                "failures": sum(1 for c in codes if c != 0),
            }
        return out

    def interleaved(self, name, commands, runs, warmup=3):
        """Times `commands` ({label: argv, or a function of the run number that returns argv})
        in rounds: each round runs every command once, in turn, alternating the order, a new
        process each time. On a VM whose disk and CPU speed drift from minute to minute, this
        keeps the ratios honest where back-to-back blocks of runs (hyperfine's way) would
        compare a fast minute with a slow one. Returns {label: stats} like `hyperfine`."""
        labels = list(commands)
        times = {label: [] for label in labels}
        failures = {label: 0 for label in labels}
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            for n in range(warmup + runs):
                order = labels if n % 2 == 0 else labels[::-1]
                for label in order:
                    spec = commands[label]
                    argv = spec(n) if callable(spec) else spec
                    start = time.perf_counter()
                    pid = os.posix_spawn(argv[0], argv, self.env, file_actions=[
                        (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
                    _, status = os.waitpid(pid, 0)
                    elapsed = time.perf_counter() - start
                    if n >= warmup:
                        times[label].append(elapsed)
                        failures[label] += status != 0
        finally:
            os.close(devnull)
        with open(os.path.join(self.out, "hyperfine", name + ".json"), "w") as f:
            json.dump({"interleaved": True, "results": [{"command": label, "times": times[label]} for label in labels]}, f)
        out = {}
        for label in labels:
            t = sorted(times[label])
            out[label] = {"median_ms": statistics.median(t) * 1000, "p90_ms": percentile(t, 0.9) * 1000,
                          "mean_ms": statistics.mean(t) * 1000, "min_ms": t[0] * 1000, "runs": len(t),
                          "failures": failures[label], "round_ms": [x * 1000 for x in times[label]]}
            if failures[label]:
                raise SystemExit(f"{name}: '{label}' failed {failures[label]} of {len(t)} runs")
        return out

    def write_replay(self, db, argv):
        """The SQL that `argv` (a notesctl write) runs, as NOTESCTL_TRACE_SQL reports it, made
        into a script for the sqlite3 CLI: statements of triggers (inside SQLite) left out, and
        a function that gives the script fresh ids for each run (notes, events and keys are
        unique), so sqlite3 does exactly the work notesctl asked SQLite to do."""
        r = subprocess.run(argv + ["--json"], env=dict(self.env, NOTESCTL_TRACE_SQL="1"),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=True)
        # FTS5 reads its configuration when a statement on its table is prepared; sqlite3 does too.
        internal = re.compile(r"^(PRAGMA 'main'\.data_version|SELECT k, v FROM 'main'\.'\w+_config');$")
        statements = [line for line in r.stderr.splitlines() if line and not line.startswith("--") and not internal.match(line)]
        receipt = json.loads(r.stdout)
        request = receipt["request"]
        ids = [receipt["note"]["id"], request["idempotency_key"], request["id"], *request["events"]]
        script = "\n".join(statements) + "\n"
        path = os.path.join(self.out, "replay.sql")

        def fresh(n):
            text = script
            for i, old in enumerate(ids):
                prefix = old[:3]
                text = text.replace(old, (prefix + f"zz{n:06d}{i:02d}" + os.urandom(8).hex())[:len(old)])
            with open(path, "w") as f:
                f.write(text)
            return [SQLITE3, db, f".read {path}"]
        return fresh, len(statements)

    def pages_per_write(self, db, argv, runs=30):
        """How many distinct pages each run of `argv` (a write) commits, read from the -wal: a
        connection held open meanwhile keeps the closing process from checkpointing, so each
        commit's frames stay in the -wal, after the frames of the one before
        (https://sqlite.org/fileformat2.html#walformat). The held connection checkpoints them
        when it closes, as the last one."""
        hold = sqlite3.connect(db)
        counts = []
        try:
            hold.execute("SELECT count(*) FROM sqlite_schema").fetchall()
            pos, salt = 32, None
            for _ in range(runs):
                sh(argv, env=self.env)
                with open(db + "-wal", "rb") as f:
                    data = f.read()
                page_size = struct.unpack(">I", data[8:12])[0]
                if data[16:24] != salt:  # the -wal was restarted: its frames begin again at the start
                    salt, pos = data[16:24], 32
                pages = set()
                while pos + 24 + page_size <= len(data) and data[pos + 8:pos + 16] == salt:
                    pages.add(struct.unpack(">I", data[pos:pos + 4])[0])
                    pos += 24 + page_size
                counts.append(len(pages))
        finally:
            hold.close()
        return counts

    def peak_rss(self, argv, runs=3):
        """The largest maximum resident set size (KiB) over `runs` runs of argv, output thrown
        away, as GNU time reports it (from wait4's ru_maxrss; /usr/bin/time is small, so the
        RSS a forked child inherits from its parent before exec is negligible)."""
        peak = 0
        for _ in range(runs):
            r = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], env=self.env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
            if r.returncode != 0:
                raise SystemExit(f"{argv} failed: exit {r.returncode}: {r.stderr[:500]}")
            peak = max(peak, int(r.stderr.strip().splitlines()[-1]))
        return peak

    def output_bytes(self, argv):
        total = 0
        with subprocess.Popen(argv, env=self.env, stdout=subprocess.PIPE) as p:
            while chunk := p.stdout.read(1 << 20):
                total += len(chunk)
        return total

    def record(self, case, notesctl, sqlite3, target=None, note=None, extra=None):
        row = {"case": case, "notesctl": notesctl, "sqlite3": sqlite3, "target": target, "note": note}
        if notesctl and sqlite3:
            row["ratio"] = notesctl["median_ms"] / sqlite3["median_ms"]
            a, b = notesctl.get("round_ms"), sqlite3.get("round_ms")
            if a and b and len(a) == len(b):
                row["round_ratio"] = round_ratio(a, b)
        if extra:
            row.update(extra)
        if target and "ratio_max" in target and "ratio" in row:
            row["met"] = row["ratio"] <= target["ratio_max"]
            if "p50_max_ms" in target:
                row["met"] = row["met"] and notesctl["median_ms"] <= target["p50_max_ms"]
        self.results.append(row)
        return row

    # -- stores ----------------------------------------------------------------------------

    def schema_fingerprint(self):
        """SHA-256 of a fresh store's schema and FTS configuration: cached stores are rebuilt
        when the schema changes, even within one schema version during development."""
        tmp = tempfile.mkdtemp(prefix="bench-schema-", dir=self.out)
        try:
            db = os.path.join(tmp, "notes.db")
            sh([self.bin, "--db", db, "init", "-q"], env=self.env)
            text = sh([SQLITE3, db, ".schema"]) + sh([SQLITE3, db, "SELECT k, v FROM notes_fts_config ORDER BY k"])
            return hashlib.sha256(text.encode()).hexdigest()[:16]
        finally:
            shutil.rmtree(tmp)

    def store(self, count):
        """A store of `count` generated notes, loaded through `notesctl apply`; cached in
        bench/out/ and reused while the generator, seed and schema are unchanged."""
        db = os.path.join(self.out, f"store-{count}.db")
        manifest_path = db + ".manifest.json"
        want = {"seed": self.args.seed, "count": count, "generator_version": gen.GENERATOR_VERSION,
                "schema": self.schema, "batch": self.args.batch, "retention": LOAD_RETENTION}
        if not self.args.fresh and os.path.exists(db) and os.path.exists(manifest_path):
            with open(manifest_path) as f:
                m = json.load(f)
            if all(m.get(k) == v for k, v in want.items()):
                self.log(f"reusing {os.path.relpath(db)} ({count} notes, loaded in {m['load_seconds']} s)")
                m["reused"] = True
                return db, m
            self.log(f"{os.path.relpath(db)} is stale ({', '.join(k for k, v in want.items() if m.get(k) != v)} changed)")
        for suffix in ("", "-wal", "-shm", ".manifest.json"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        self.log(f"generating and loading {count} notes through 'notesctl apply' (batches of {self.args.batch})")
        sh([sys.executable, os.path.join(HERE, "gen.py"), "load", "--db", db, "--count", str(count),
            "--seed", str(self.args.seed), "--batch", str(self.args.batch), "--notesctl", self.bin,
            "--retention", LOAD_RETENTION, "--manifest", manifest_path], env=self.env)
        with open(manifest_path) as f:
            m = json.load(f)
        m["schema"] = self.schema
        # Settle the WAL into the main file so every later run starts from the same state.
        sh([SQLITE3, db, "PRAGMA wal_checkpoint(TRUNCATE);"])
        m["db_bytes"] = os.path.getsize(db)
        with open(manifest_path, "w") as f:
            json.dump(m, f, indent=2)
        self.log(f"loaded {count} notes in {m['load_seconds']} s ({m['notes_per_second_apply']} notes/s in apply)")
        m["reused"] = False
        return db, m

    def copy(self, db, name):
        dst = os.path.join(self.out, name)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(dst + suffix):
                os.remove(dst + suffix)
        shutil.copyfile(db, dst)
        os.chmod(dst, 0o600)
        return dst

    def some_note_id(self, db, position=0.5):
        n = int(sh([SQLITE3, db, "SELECT count(*) FROM notes"]).strip())
        return sh([SQLITE3, db, f"SELECT id FROM notes ORDER BY seq LIMIT 1 OFFSET {int(n * position)}"]).strip()

    # -- cases -----------------------------------------------------------------------------

    def startup(self, runs):
        self.log("start-up")
        tmp = tempfile.mkdtemp(prefix="bench-startup-", dir=self.out)
        db = os.path.join(tmp, "notes.db")
        sh([self.bin, "--db", db, "init"], env=self.env)
        r = self.interleaved("startup", {
            "notesctl version": [self.bin, "version"],
            "notesctl health": self.nctl(db, "health"),
            "sqlite3 :memory: select 1": [SQLITE3, ":memory:", "select 1"],
            "sqlite3 FILE select 1": [SQLITE3, db, "select 1"],
        }, runs=runs, warmup=5)
        self.record("start-up: version vs sqlite3 :memory:", r["notesctl version"], r["sqlite3 :memory: select 1"])
        self.record("start-up: health vs sqlite3 FILE (fresh store)", r["notesctl health"], r["sqlite3 FILE select 1"],
                    target={"ratio_max": 1.5})
        shutil.rmtree(tmp)

    def show(self, db, count, runs):
        self.log(f"note show at {count}")
        nid = self.some_note_id(db)
        sql = f"SELECT {NOTE_JSON}) FROM notes n WHERE n.id = {q(nid)};"
        r = self.interleaved(f"show-{count}", {
            "notesctl note show --json": self.nctl(db, "note", "show", nid, "--json"),
            "sqlite3 json_object": [SQLITE3, db, sql],
        }, runs=runs)
        self.record(f"cold read: note show --json ({count // 1000}k)", r["notesctl note show --json"],
                    r["sqlite3 json_object"], target={"ratio_max": 1.5})

    def write(self, db, count, runs):
        sh([SQLITE3, db, "CREATE TABLE IF NOT EXISTS bench_scratch(id INTEGER PRIMARY KEY, title TEXT, body TEXT, tags TEXT, created_at TEXT);"])
        title, body = "Benchmark write", "A short note body written by the benchmark, with a - [ ] task and #tag."
        plain = ("PRAGMA synchronous=NORMAL; INSERT INTO bench_scratch(title, body, tags, created_at) "
                 f"VALUES ({q(title)}, {q(body)}, '[\"bench\"]', strftime('%Y-%m-%dT%H:%M:%fZ'));")
        # The same row shape as a note, fired through the FTS triggers: what notesctl's INSERT costs alone.
        note_row = ("PRAGMA synchronous=NORMAL; INSERT INTO notes(id, workspace_id, title, body, tags, version, created_at, "
                    "updated_at, created_by, updated_by) SELECT 'nt_bench' || lower(hex(randomblob(9))), id, "
                    f"{q(title)}, {q(body)}, '[\"bench\"]', 1, strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ'), "
                    "'user:bench', 'user:bench' FROM workspaces LIMIT 1;")
        add = self.nctl(db, "note", "add", "--title", title, "--body", body, "--tag", "bench", "--json")
        mention = sh([SQLITE3, db, "SELECT title FROM notes ORDER BY seq LIMIT 1 OFFSET 777"]).strip()
        pinned = sh([SQLITE3, db, "SELECT id FROM notes ORDER BY seq LIMIT 1 OFFSET 555"]).strip()
        receipts = sh([SQLITE3, db, "SELECT count(*) || ' receipts, ' || (sum(length(receipt)) >> 20) || ' MiB' FROM idempotency_keys"]).strip()
        pages = sorted(self.pages_per_write(db, add))
        k = int(statistics.median(pages))
        self.log(f"pages a note add commits, over {len(pages)} runs: median {k}, {pages[0]}-{pages[-1]}")
        # The same number of pages dirtied by sqlite3 alone: that many random notes' `pinned` flipped
        # (rows on that many table leaves; no index, trigger or FTS entry covers `pinned`).
        scattered = ("PRAGMA synchronous=NORMAL; WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
                     f"WHERE i < {k}) UPDATE notes SET pinned = 1 - pinned "
                     "WHERE seq IN (SELECT abs(random()) % (SELECT max(seq) FROM notes) + 1 FROM c);")
        for phase in ("as-loaded", "after-gc"):
            if phase == "after-gc":
                gc = json.loads(sh(self.nctl(db, "gc", "--json"), env=self.env))
                receipts = sh([SQLITE3, db, "SELECT count(*) || ' receipts, ' || (ifnull(sum(length(receipt)), 0) >> 20) || ' MiB' FROM idempotency_keys"]).strip()
                self.log(f"gc purged {gc['gc']['expired_idempotency_keys']} expired idempotency records")
            self.log(f"note add at {count} ({phase}: idempotency_keys holds {receipts})")
            replay, statements = self.write_replay(db, add[:-1])
            cmds = {
                "notesctl note add": add,
                "sqlite3 INSERT row": [SQLITE3, db, plain],
                "sqlite3 INSERT note row (FTS triggers)": [SQLITE3, db, note_row],
                "sqlite3 running notesctl's SQL": replay,
                "sqlite3 dirtying as many random pages": [SQLITE3, db, scattered],
            }
            if phase == "after-gc":
                # A body that mentions another note by title: the write path resolves [[Title]].
                cmds["notesctl note add with a [[mention]]"] = self.nctl(
                    db, "note", "add", "--title", title, "--body", body + f" See [[{mention}]].", "--tag", "bench", "--json")
                # The smallest change a note can have, through the whole write path: pin, unpin.
                cmds["notesctl note pin/unpin"] = lambda n: self.nctl(db, "note", "pin" if n % 2 == 0 else "unpin", pinned, "--json")
            r = self.interleaved(f"write-{count}-{phase}", cmds, runs=runs)
            where = {"as-loaded": "store as loaded: the apply batches' receipts still in idempotency_keys",
                     "after-gc": "after `notesctl gc` purged the expired batch receipts"}[phase]
            self.record(f"cold write: note add vs one-row INSERT ({count // 1000}k, {phase})", r["notesctl note add"],
                        r["sqlite3 INSERT row"], target={"ratio_max": 1.5},
                        note=f"{where} ({receipts}); sqlite3: PRAGMA synchronous=NORMAL; INSERT one row into a scratch table")
            self.record(f"  (info) note add vs sqlite3 running the same SQL ({phase})", r["notesctl note add"],
                        r["sqlite3 running notesctl's SQL"],
                        note=f"the {statements} statements notesctl ran for one note add (NOTESCTL_TRACE_SQL), fresh ids each run: "
                             "what notesctl adds to the SQLite work it asks for")
            self.record(f"  (info) sqlite3 running note add's SQL vs one-row INSERT ({phase})", r["sqlite3 running notesctl's SQL"],
                        r["sqlite3 INSERT row"], note="the floor for a note add: SQLite's own work for its statements")
            self.record(f"  (info) sqlite3 dirtying {k} random pages vs one-row INSERT ({phase})",
                        r["sqlite3 dirtying as many random pages"], r["sqlite3 INSERT row"],
                        note=f"{k} = the median of the distinct pages a note add commits ({pages[0]}-{pages[-1]} over "
                             f"{len(pages)} runs, counted in the -wal): what that many pages cost, with no other work")
            self.record(f"  (info) note add vs INSERT into notes + FTS ({phase})", r["notesctl note add"],
                        r["sqlite3 INSERT note row (FTS triggers)"])
            if phase == "after-gc":
                self.record(f"  (info) note add with one [[mention]] vs one-row INSERT", r["notesctl note add with a [[mention]]"],
                            r["sqlite3 INSERT row"], note=f"the body mentions [[{mention}]], an existing note's title")
                self.record(f"  (info) note pin/unpin vs one-row INSERT", r["notesctl note pin/unpin"], r["sqlite3 INSERT row"],
                            note="one field of one note through the whole write path: revision, audit event, receipt")

    def list_case(self, db, count, runs):
        self.log(f"note list --jsonl at {count}")
        ws = sh([SQLITE3, db, "SELECT id FROM workspaces WHERE slug = 'personal'"]).strip()
        where = (f"FROM notes n WHERE n.workspace_id = {q(ws)} AND n.trashed_at IS NULL AND n.archived = 0 "
                 "ORDER BY n.updated_at DESC, n.id DESC;")
        ours = self.nctl(db, "note", "list", "--jsonl")
        # sqlite3 -json: the same rows and columns, values as stored (tags a string, booleans 0/1).
        raw = [SQLITE3, "-json", db, "SELECT n.id, n.workspace_id, n.title, n.body, n.tags, n.pinned, n.archived, "
               "n.trashed_at IS NOT NULL AS trashed, n.trashed_at, n.version, n.created_at, n.updated_at, "
               "n.created_by, n.updated_by " + where]
        # json_object per line: the very objects notesctl prints (tags an array, booleans true/false).
        shaped = [SQLITE3, db, f"SELECT {NOTE_JSON}) " + where]
        r = self.interleaved(f"list-{count}", {"notesctl note list --jsonl": ours, "sqlite3 -json": raw,
                                             "sqlite3 json_object lines": shaped}, runs=runs, warmup=1)
        rows = int(sh([SQLITE3, db, f"SELECT count(*) FROM notes WHERE workspace_id = {q(ws)} AND trashed_at IS NULL AND archived = 0"]))
        out_bytes = self.output_bytes(ours)
        n, s, j = r["notesctl note list --jsonl"], r["sqlite3 -json"], r["sqlite3 json_object lines"]
        n["peak_rss_mib"], s["peak_rss_mib"] = self.peak_rss(ours) / 1024, self.peak_rss(raw) / 1024
        j["peak_rss_mib"] = self.peak_rss(shaped) / 1024
        for x in (n, s, j):
            x["notes_per_s"] = rows / (x["median_ms"] / 1000)
        n["mib_per_s"] = out_bytes / 2**20 / (n["median_ms"] / 1000)
        row = self.record(f"list --jsonl vs sqlite3 -json ({rows // 1000}k notes)", n, s,
                          target={"ratio_max": 2.0, "rss_max_mib": 40},
                          extra={"rows": rows, "output_mib": out_bytes / 2**20})
        row["met"] = row["ratio"] <= 2.0 and n["peak_rss_mib"] <= 40
        self.record(f"  (info) list --jsonl vs sqlite3 json_object lines ({rows // 1000}k)", n, j,
                    note=f"sqlite3 json_object peak RSS {j['peak_rss_mib']:.1f} MiB")

    def search_sql(self, db, term, limit):
        """What `notesctl search` runs (Sources/NotesCore/Search/SearchService.swift), with the
        MATCH expression its query builder makes for a plain word ("word") or prefix ("pre"*):
        ranked by the store's configured rank (weighted bm25), snippet() of 16 tokens."""
        ws = sh([SQLITE3, db, "SELECT id FROM workspaces WHERE slug = 'personal'"]).strip()
        match = '"' + term[:-1] + '"*' if term.endswith("*") else '"' + term + '"'
        return (f"SELECT {NOTE_JSON}, 'score', -notes_fts.rank, "
                "'snippet', snippet(notes_fts, -1, '', '', '…', 16)) "
                f"FROM notes_fts JOIN notes n ON n.seq = notes_fts.rowid WHERE notes_fts MATCH {q(match)} "
                f"AND n.trashed_at IS NULL AND n.workspace_id IN ({q(ws)}) "
                f"ORDER BY notes_fts.rank LIMIT {limit};")

    def search(self, db, count, manifest, runs):
        self.log(f"search at {count}")
        probe = subprocess.run([self.bin, "--db", db, "search", "probe", "--json", "--limit", "1"],
                               env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        available = probe.returncode == 0
        reason = ""
        if not available:
            try:
                reason = json.loads(probe.stderr)["error"]["message"]
            except (ValueError, KeyError):
                reason = (probe.stderr.strip().splitlines() or ["?"])[0]
            self.log(f"notesctl search is not available ({reason}): timing sqlite3 only")
        limit = self.args.search_limit
        targets = {"selective": {"ratio_max": 1.5, "p50_max_ms": 15}, "common": {"ratio_max": 2.0},
                   "prefix": {"ratio_max": 2.0}}
        for kind in ("selective", "common", "prefix"):
            term = manifest["terms"][kind]["term"]
            sql = self.search_sql(db, term, limit)
            ours = self.nctl(db, "search", term, "--json", "--limit", str(limit))
            cmds = {"sqlite3 FTS5 + snippet": [SQLITE3, db, sql]}
            if available:
                cmds = {"notesctl search --json": ours, **cmds}
            r = self.interleaved(f"search-{kind}-{count}", cmds, runs=runs)
            label = f"search {kind} '{term}' ({manifest['terms'][kind]['notes']} match, top {limit})"
            if available:
                # Both sides must find the same notes in the same order, or the timing means nothing.
                hits = [h["id"] for h in json.loads(sh(ours, env=self.env))]
                theirs = [json.loads(line)["id"] for line in sh([SQLITE3, db, sql]).splitlines()]
                self.record(label, r["notesctl search --json"], r["sqlite3 FTS5 + snippet"], target=targets[kind],
                            extra={"same_hits": hits == theirs, "hits": len(hits)},
                            note=None if hits == theirs else f"WARNING: hits differ ({len(hits)} vs {len(theirs)})")
            else:
                self.record(label, None, r["sqlite3 FTS5 + snippet"], target=targets[kind],
                            note=f"SKIPPED for notesctl: {reason}")

    def concurrent(self, db, writers, per_writer):
        self.log(f"{writers} concurrent writers x {per_writer} writes")
        before = int(sh([SQLITE3, db, "SELECT count(*) FROM notes"]))
        tmp = tempfile.mkdtemp(prefix="bench-conc-", dir=self.out)
        script = os.path.join(tmp, "writer.sh")
        with open(script, "w") as f:
            f.write('#!/bin/sh\n# $1 writer number, $2 writes, then the command; one exit code per line to $3\n'
                    'w=$1; n=$2; out=$3; shift 3\ni=0\nwhile [ $i -lt $n ]; do\n'
                    '  "$@" "w$w-$i" >/dev/null 2>>"$out.err"; echo $? >>"$out"\n  i=$((i+1))\ndone\n')
        os.chmod(script, 0o755)

        def run(label, argv_prefix):
            procs, outs = [], []
            t0 = time.monotonic()
            for w in range(writers):
                out = os.path.join(tmp, f"{label}-{w}.codes")
                outs.append(out)
                procs.append(subprocess.Popen([script, str(w), str(per_writer), out, *argv_prefix], env=self.env))
            for p in procs:
                p.wait()
            elapsed = time.monotonic() - t0
            codes = []
            for out in outs:
                with open(out) as f:
                    codes += [int(x) for x in f.read().split()]
            errors = ""
            for out in outs:
                if os.path.exists(out + ".err"):
                    with open(out + ".err") as f:
                        errors += f.read()
            return {"seconds": elapsed, "writes": len(codes), "failures": sum(1 for c in codes if c != 0),
                    "writes_per_s": len(codes) / elapsed, "median_ms": elapsed * 1000, "p90_ms": None,
                    "first_error": errors.strip().splitlines()[0] if errors.strip() else None}

        ours = run("notesctl", self.nctl(db, "note", "add", "--body", "concurrent write", "--title"))
        after = int(sh([SQLITE3, db, "SELECT count(*) FROM notes"]))
        ours["notes_added"] = after - before
        sh([SQLITE3, db, "CREATE TABLE IF NOT EXISTS bench_scratch(id INTEGER PRIMARY KEY, title TEXT, body TEXT, tags TEXT, created_at TEXT);"])
        insert = os.path.join(tmp, "insert.sh")
        with open(insert, "w") as f:
            f.write('#!/bin/sh\nexec %s -cmd ".timeout 10000" "%s" "PRAGMA synchronous=NORMAL; INSERT INTO bench_scratch(title, body) VALUES (\'$1\', \'concurrent write\');"\n'
                    % (SQLITE3, db))
        os.chmod(insert, 0o755)
        theirs = run("sqlite3", [insert])
        shutil.rmtree(tmp)
        ratio_note = f"sqlite3 (.timeout 10000, one-row INSERT): {theirs['writes_per_s']:.0f} writes/s, {theirs['failures']} failures"
        row = self.record(f"{writers} writers x {per_writer} note add (total wall time)", ours, theirs,
                          target={"writes_per_s_min": 500, "failures": 0}, note=ratio_note)
        row["met"] = ours["failures"] == 0 and ours["notes_added"] == writers * per_writer and ours["writes_per_s"] >= 500

    def bulk(self, db, runs, count):
        """A 2000-note `apply` batch against sqlite3 inserting the same 2000 rows into notes
        (FTS triggers fire) from the same JSON file, in one transaction."""
        self.log("bulk: one apply batch of 2000 notes")
        g = gen.Generator(self.args.seed + 1)
        ops = [{"command": "note add", "args": g.note()} for _ in range(2000)]
        path = os.path.join(self.out, "bulk-2000.json")
        with open(path, "w") as f:
            json.dump({"operations": ops}, f, ensure_ascii=False)
        sql = ("PRAGMA synchronous=NORMAL; BEGIN IMMEDIATE; INSERT INTO notes(id, workspace_id, title, body, tags, version, "
               "created_at, updated_at, created_by, updated_by) SELECT 'nt_bulk' || lower(hex(randomblob(10))), "
               "(SELECT id FROM workspaces LIMIT 1), json_extract(value, '$.args.title'), json_extract(value, '$.args.body'), "
               "json_extract(value, '$.args.tag'), 1, strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ'), "
               f"'user:bench', 'user:bench' FROM json_each(readfile({q(path)}), '$.operations'); COMMIT;")
        r = self.hyperfine("bulk-2000", {
            "notesctl apply (2000 note add)": self.nctl(db, "apply", "--file", path, "-q"),
            "sqlite3 INSERT 2000 rows from JSON": [SQLITE3, db, sql],
        }, runs=runs, warmup=0)
        n, s = r["notesctl apply (2000 note add)"], r["sqlite3 INSERT 2000 rows from JSON"]
        n["notes_per_s"], s["notes_per_s"] = 2000 / (n["median_ms"] / 1000), 2000 / (s["median_ms"] / 1000)
        self.record(f"bulk ({count // 1000}k store): apply 2000 note add vs sqlite3 INSERT…json_each", n, s,
                    note="info: notesctl also writes revisions, tags, audit events and the idempotency receipt")
        os.remove(path)

    def import_case(self, db, count, runs):
        """`notesctl import` of an export of `db` into a new store, against sqlite3 inserting the
        same notes and revisions (FTS triggers fire) from the same JSON in one transaction."""
        self.log(f"import of a {count}-note export")
        export = os.path.join(self.out, f"export-{count}.jsonl")
        with open(export, "wb") as f:
            subprocess.run(self.nctl(db, "export"), env=self.env, stdout=f, check=True)
        notes = []
        with open(export) as f:
            for line in f:
                rec = json.loads(line)
                if rec.get("type") == "note":
                    notes.append(rec)
        as_json = os.path.join(self.out, f"export-{count}.notes.json")
        with open(as_json, "w") as f:
            json.dump(notes, f, ensure_ascii=False)
        fresh = os.path.join(self.out, "import.db")
        template = os.path.join(self.out, "import-template.db")
        for p in (template, template + "-wal", template + "-shm"):
            if os.path.exists(p):
                os.remove(p)
        sh(self.nctl(template, "init", "-q"), env=self.env)
        sh([SQLITE3, template, "PRAGMA wal_checkpoint(TRUNCATE);"])
        ws = sh([SQLITE3, template, "SELECT id FROM workspaces LIMIT 1"]).strip()
        sql = ("PRAGMA synchronous=NORMAL; BEGIN IMMEDIATE; "
               "INSERT INTO notes(id, workspace_id, title, body, tags, version, created_at, updated_at, created_by, updated_by) "
               f"SELECT json_extract(value, '$.id'), {q(ws)}, json_extract(value, '$.title'), json_extract(value, '$.body'), "
               "json_extract(value, '$.tags'), json_extract(value, '$.version'), json_extract(value, '$.created_at'), "
               "json_extract(value, '$.updated_at'), json_extract(value, '$.created_by'), json_extract(value, '$.updated_by') "
               f"FROM json_each(readfile({q(as_json)})); "
               # The earlier versions only, as notesctl stores them (schema v12): the current one is the note row.
               "INSERT INTO revisions(note_id, version, title, body, tags, actor, time, request_id, correlation_id) "
               "SELECT json_extract(n.value, '$.id'), json_extract(r.value, '$.version'), json_extract(r.value, '$.title'), "
               "json_extract(r.value, '$.body'), json_extract(r.value, '$.tags'), json_extract(r.value, '$.actor'), "
               "json_extract(r.value, '$.time'), json_extract(r.value, '$.request_id'), json_extract(r.value, '$.correlation_id') "
               f"FROM json_each(readfile({q(as_json)})) n, json_each(n.value, '$.revisions') r "
               "WHERE json_extract(r.value, '$.version') < json_extract(n.value, '$.version'); COMMIT;")
        fresh_files = [fresh, fresh + "-wal", fresh + "-shm"]
        r = self.hyperfine(f"import-{count}", {
            "notesctl import": self.nctl(fresh, "import", export, "-q"),
        }, runs=runs, warmup=0, prepare="rm -f " + " ".join(fresh_files))
        r.update(self.hyperfine(f"import-{count}-sqlite3", {
            "sqlite3 INSERT notes + revisions from JSON": [SQLITE3, fresh, sql],
        }, runs=runs, warmup=0, prepare=f"sh -c 'rm -f {fresh}* && cp {template} {fresh}'"))
        imported = int(sh([SQLITE3, fresh, "SELECT count(*) FROM notes"]))
        n, s = r["notesctl import"], r["sqlite3 INSERT notes + revisions from JSON"]
        n["notes_per_s"], s["notes_per_s"] = len(notes) / (n["median_ms"] / 1000), len(notes) / (s["median_ms"] / 1000)
        self.record(f"import {len(notes) // 1000}k notes (export JSONL) vs sqlite3 INSERT…json_each", n, s,
                    note=f"info: {os.path.getsize(export) >> 20} MiB export; notesctl validates every record, "
                         "writes tasks, links and an audit event per resource",
                    extra={"imported": imported})
        for p in fresh_files + [template, template + "-wal", template + "-shm", export, as_json]:
            if os.path.exists(p):
                os.remove(p)

    # -- report ----------------------------------------------------------------------------

    def machine(self):
        cpu = "?"
        try:
            with open("/proc/cpuinfo") as f:
                for line in f:
                    if line.startswith("model name"):
                        cpu = line.split(":", 1)[1].strip()
                        break
        except OSError:
            pass
        version = json.loads(sh([self.bin, "version", "--json"], env=self.env))
        mem = "?"
        try:
            with open("/proc/meminfo") as f:
                mem = f"{int(f.readline().split()[1]) / 2**20:.1f} GiB"
        except OSError:
            pass
        return {"nproc": os.cpu_count(), "cpu": cpu, "memory": mem, "kernel": platform.release(),
                "sqlite3_cli": sh([SQLITE3, "--version"]).split()[0],
                "sqlite_linked_by_notesctl": version.get("sqlite_version"),
                "notesctl_version": version.get("version"), "schema_version": version.get("schema_version"),
                "hyperfine": sh(["hyperfine", "--version"]).strip(), "python": platform.python_version(),
                "date": time.strftime("%Y-%m-%d %H:%M:%S %z")}


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def shell_quote(a):
    if a and all(c.isalnum() or c in "-_./:=,@%+" for c in a):
        return a
    return "'" + a.replace("'", "'\\''") + "'"


def fmt_ms(v):
    if v is None:
        return "-"
    return f"{v:.1f}" if v < 100 else f"{v:.0f}"


def round_ratio(a, b, resamples=2000):
    """The two commands of one interleaved round ran seconds apart, on the machine as it was in
    that minute: the ratio of each round's pair, notesctl over sqlite3, drifts far less than
    either time. Their median, and a 95 % bootstrap interval of that median (fixed seed), say
    whether a ratio is on one side of a target or only on the line."""
    ratios = [x / y for x, y in zip(a, b)]
    rng = random.Random(1)
    medians = sorted(statistics.median(rng.choices(ratios, k=len(ratios))) for _ in range(resamples))
    return {"median": statistics.median(ratios), "ci95": [percentile(medians, 0.025), percentile(medians, 0.975)],
            "rounds": len(ratios)}


def table(results):
    lines = []
    header = f"{'case':<62} {'notesctl p50/p90 ms':>20} {'sqlite3 p50/p90 ms':>20} {'ratio':>6}  {'target':<16} ok"
    lines.append(header)
    lines.append("-" * len(header))
    for r in results:
        n, s = r.get("notesctl"), r.get("sqlite3")
        ns = f"{fmt_ms(n['median_ms'])}/{fmt_ms(n.get('p90_ms'))}" if n else "skipped"
        ss = f"{fmt_ms(s['median_ms'])}/{fmt_ms(s.get('p90_ms'))}" if s else "-"
        ratio = f"{r['ratio']:.2f}x" if "ratio" in r else "-"
        t = r.get("target") or {}
        tparts = []
        if "ratio_max" in t:
            tparts.append(f"≤{t['ratio_max']}x")
        if "p50_max_ms" in t:
            tparts.append(f"≤{t['p50_max_ms']}ms")
        if "rss_max_mib" in t:
            tparts.append(f"≤{t['rss_max_mib']}MiB")
        if "writes_per_s_min" in t:
            tparts.append(f"≥{t['writes_per_s_min']}/s")
        ok = {True: "yes", False: "NO", None: ""}[r.get("met")]
        lines.append(f"{r['case'][:62]:<62} {ns:>20} {ss:>20} {ratio:>6}  {' '.join(tparts):<16} {ok}")
        extras = []
        if n and "peak_rss_mib" in n and not r["case"].startswith("  "):
            extras.append(f"peak RSS notesctl {n['peak_rss_mib']:.1f} MiB, sqlite3 {s['peak_rss_mib']:.1f} MiB; "
                          f"{n['notes_per_s']:.0f} vs {s['notes_per_s']:.0f} notes/s, {n['mib_per_s']:.0f} MiB/s of JSONL")
        if n and "writes_per_s" in n:
            extras.append(f"notesctl {n['writes_per_s']:.0f} writes/s, {n['failures']} failures, "
                          f"{n.get('notes_added')} notes added of {n['writes']}")
        if n and "notes_per_s" in n and "peak_rss_mib" not in n and not r["case"].startswith("  "):
            extras.append(f"{n['notes_per_s']:.0f} vs {s['notes_per_s']:.0f} notes/s")
        rr = r.get("round_ratio")
        if rr and r.get("target"):
            extras.append(f"ratio per round: median {rr['median']:.2f}x, 95 % interval {rr['ci95'][0]:.2f}x–{rr['ci95'][1]:.2f}x "
                          f"({rr['rounds']} rounds)")
        if r.get("note"):
            extras.append(r["note"])
        for e in extras:
            lines.append(f"    {e}")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--notesctl", required=True)
    p.add_argument("--out", default=os.path.join(HERE, "out"))
    p.add_argument("--count", type=int, default=100000)
    p.add_argument("--small", type=int, default=10000, help="the second store size, to show list memory is flat")
    p.add_argument("--seed", type=int, default=gen.DEFAULT_SEED)
    p.add_argument("--batch", type=int, default=2000)
    p.add_argument("--runs", type=int, default=30, help="runs per quick case")
    p.add_argument("--search-limit", type=int, default=20)
    p.add_argument("--writers", type=int, default=16)
    p.add_argument("--writes", type=int, default=100)
    p.add_argument("--fresh", action="store_true", help="regenerate the stores even if cached")
    p.add_argument("--only", help="comma-separated cases: startup,show,write,list,search,import,concurrent,bulk")
    args = p.parse_args()
    only = set(args.only.split(",")) if args.only else None

    def want(c):
        return only is None or c in only

    b = Bench(args)
    machine = b.machine()
    b.log(f"machine: {machine['nproc']} x {machine['cpu']}, sqlite3 {machine['sqlite3_cli']}, "
          f"notesctl {machine['notesctl_version']} (SQLite {machine['sqlite_linked_by_notesctl']})")
    stores = {}
    big, big_manifest = b.store(args.count)
    small, small_manifest = b.store(args.small)
    stores[args.count], stores[args.small] = big_manifest, small_manifest

    if want("startup"):
        b.startup(args.runs)
    if want("show"):
        b.show(big, args.count, args.runs)
    if want("list"):
        b.list_case(small, args.small, max(5, args.runs // 3))
        b.list_case(big, args.count, max(5, args.runs // 6))
    if want("search"):
        b.search(big, args.count, big_manifest, args.runs)
    if want("import"):
        b.import_case(small, args.small, 3)
    if want("write") or want("concurrent"):
        work = b.copy(big, "work.db")
        if want("write"):
            b.write(work, args.count, args.runs)
        if want("concurrent"):
            b.concurrent(work, args.writers, args.writes)

        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(work + suffix):
                os.remove(work + suffix)
    if want("bulk"):
        # On the small store: at 100k a batch is slow enough (see README) to dominate the run.
        work = b.copy(small, "work-small.db")
        b.bulk(work, 3, args.small)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(work + suffix):
                os.remove(work + suffix)

    elapsed = time.monotonic() - b.started
    report = {"machine": machine, "stores": stores, "elapsed_seconds": round(elapsed, 1), "results": b.results}
    with open(os.path.join(b.out, "results.json"), "w") as f:
        json.dump(report, f, indent=2, ensure_ascii=False)
    text = table(b.results)
    with open(os.path.join(b.out, "results.txt"), "w") as f:
        f.write(text + "\n")
    print()
    print(f"notesctl vs sqlite3 CLI — {machine['nproc']} x {machine['cpu']}, {machine['memory']}, "
          f"sqlite3 {machine['sqlite3_cli']}, notesctl links SQLite {machine['sqlite_linked_by_notesctl']}")
    for count, m in sorted(stores.items()):
        print(f"store {count}: {m['db_bytes'] / 2**20:.0f} MiB, loaded through apply at {m['notes_per_second_apply']} notes/s"
              f" ({m['load_seconds']} s{', cached' if m.get('reused') else ''})")
    print(text)
    print(f"\nwhole run: {elapsed:.0f} s; JSON: {os.path.relpath(os.path.join(b.out, 'results.json'))}")


if __name__ == "__main__":
    main()
