#!/usr/bin/env python3
"""Writes the autoheal(1) man page (roff) from the command tree the binary describes itself
(`autoheal --experimental-dump-help`, swift-argument-parser's tool info), so the page never drifts
from the commands. Usage: gen-manpage.py AUTOHEAL_BINARY > autoheal.1"""
import json, subprocess, sys

def esc(text):
    text = (text or "").replace("\\", "\\\\")
    return "\n".join(("\\&" + l if l.startswith((".", "'")) else l) for l in text.split("\n"))

def arg_synopsis(a):
    names = a.get("names") or []
    flag = ", ".join(("-" if n["kind"] == "short" else "--") + n["name"] for n in names)
    value = a.get("valueName")
    if a["kind"] == "positional":
        s = f"\\fI{value}\\fR" + ("..." if a.get("isRepeating") else "")
    elif a["kind"] == "flag":
        s = f"\\fB{flag}\\fR"
    else:
        s = f"\\fB{flag}\\fR \\fI{value}\\fR"
    return s

def section(cmd, path, out):
    if not cmd.get("shouldDisplay", True) or cmd["commandName"] == "help":
        return
    full = " ".join(path + [cmd["commandName"]])
    out.append(f".SS {esc(full)}")
    if cmd.get("abstract"):
        out.append(esc(cmd["abstract"]))
    if cmd.get("discussion"):
        out.append(".PP")
        out.append(esc(cmd["discussion"]))
    for a in cmd.get("arguments") or []:
        if not a.get("shouldDisplay", True) or (a.get("names") and a["names"][0]["name"] in ("help", "version")):
            continue
        out.append(".TP")
        out.append(arg_synopsis(a))
        text = a.get("abstract") or ""
        if a.get("defaultValue"):
            text += f" (default: {a['defaultValue']})"
        out.append(esc(text))
    for sub in cmd.get("subcommands") or []:
        section(sub, path + [cmd["commandName"]], out)

def main():
    info = json.loads(subprocess.run([sys.argv[1], "--experimental-dump-help"], check=True, capture_output=True, text=True).stdout)
    root = info["command"]
    out = ['.TH AUTOHEAL 1 "" "autoheal" "User Commands"', ".SH NAME", f"autoheal \\- {esc(root.get('abstract'))}",
           ".SH SYNOPSIS", "\\fBautoheal\\fR [\\fB-C\\fR \\fIDIR\\fR] [\\fB--db\\fR \\fIPATH\\fR] \\fICOMMAND\\fR ...",
           ".SH DESCRIPTION", esc(root.get("discussion")), ".SH COMMANDS"]
    for sub in root.get("subcommands") or []:
        section(sub, [root["commandName"]], out)
    out += [".SH ENVIRONMENT", ".TP", "\\fBAUTOHEAL_DB\\fR", "The database when \\fB--db\\fR is not given.",
            ".TP", "\\fBAUTOHEAL_NOW\\fR", "A fixed RFC 3339 time used as now (reproducible output).",
            ".TP", "\\fBNO_COLOR\\fR", "Never colour output.",
            ".SH EXIT STATUS", "0 ok; 1 failure (including no such incident); 3 overdue preventive work with "
            "\\fBreview --fail-on-overdue\\fR; 64 usage error; 65 bad input data (nothing was written)."]
    print("\n".join(out))

main()
