#!/usr/bin/env python3
"""Generate N incidents of ~10 events each: the importable ones as NDJSON, plus the same rows as CSV for
sqlite3 .import; and, when OWN.csv is given, the landings (`prevention.landed`, which autoheal records
itself from git and `import` refuses) as CSV rows only, for the benchmark to add to both ledgers.

Usage: generate_events.py INCIDENTS OUT.ndjson OUT.csv [OWN.csv]
Deterministic (fixed seed), so runs are comparable.
"""
import csv, json, random, sys
from datetime import datetime, timedelta, timezone

def main():
    n, ndjson_path, csv_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    own_path = sys.argv[4] if len(sys.argv) > 4 else None
    rnd = random.Random(42)
    services = ["checkout", "payments", "search", "auth", "notifications", "ledger", "catalog", "shipping"]
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    with open(ndjson_path, "w") as nd, open(csv_path, "w", newline="") as cf, \
            open(own_path or "/dev/null", "w", newline="") as of:
        w, own = csv.writer(cf), csv.writer(of)
        for i in range(n):
            inc = f"INC-{i}"
            t = start + timedelta(seconds=rnd.randrange(0, 700 * 86400))
            svc = rnd.choice(services)
            sev = rnd.choice(["SEV1", "SEV2", "SEV3", "SEV3"])
            steps = [("alert.fired", 0, {"monitor": f"{svc}-errors", "watched": True}), ("page.sent", 1, None),
                     ("page.acknowledged", rnd.randrange(2, 20), None), ("investigation.started", rnd.randrange(1, 5), None),
                     ("incident.declared", rnd.randrange(0, 40), None), ("mitigation.applied", rnd.randrange(5, 120), {"action": "rollback"}),
                     ("sli.recovered", rnd.randrange(2, 30), None), ("incident.resolved", rnd.randrange(60, 600), None),
                     ("rootcause.identified", rnd.randrange(60, 3000), {"summary": "pool exhausted"}),
                     ("prevention.landed" if rnd.random() < 0.6 else "x-note", rnd.randrange(1000, 40000), {"commit": "%040x" % rnd.getrandbits(160), "precision": "committer"})]
            for j, (typ, minutes, attrs) in enumerate(steps):
                t = t + timedelta(minutes=minutes)
                ev = {"id": f"{inc}-{j}", "incident": inc, "type": typ, "at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "source": "agent"}
                if j == 0: ev["service"] = svc
                if typ == "incident.declared": ev["severity"] = sev
                if attrs: ev["attrs"] = attrs
                row = [f"id:{inc}-{j}", inc, typ, int(t.timestamp() * 1e6), ev.get("service", ""), ev.get("severity", ""),
                       "agent", json.dumps(attrs, separators=(",", ":"), sort_keys=True) if attrs else "", f"{inc}-{j}", 0]
                if typ.startswith("prevention."):
                    own.writerow(row)
                else:
                    nd.write(json.dumps(ev, separators=(",", ":")) + "\n")
                    w.writerow(row)

if __name__ == "__main__":
    main()
