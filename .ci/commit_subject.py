"""commit-msg hook: a commit's subject (its first line) has 72 characters or fewer; the why goes in the body.

pre-commit runs it with the path of the message file (.pre-commit-config.yaml); git hands the message over
before it strips the comment lines, so those are skipped. `git commit --no-verify` bypasses it.
Also: `python3 .ci/commit_subject.py FILE` checks a saved message by hand.
"""

import sys

LIMIT = 72


def subject(message: str) -> str:
    """The first line that is neither blank nor a git comment."""
    for line in message.splitlines():
        if line.strip() and not line.startswith("#"):
            return line.rstrip()
    return ""


def main(path: str) -> int:
    """0 when the subject fits, else 1 with a message saying by how much it does not."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        first = subject(handle.read())
    if len(first) <= LIMIT:
        return 0
    print(f"The commit subject has {len(first)} characters; keep it to {LIMIT} and put the details in the body "
          f"(after a blank line):\n  {first}\n  {' ' * LIMIT}^ character {LIMIT + 1}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
