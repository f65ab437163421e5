"""Pure rules of the sales contest (DOMAIN.md §2), by topic: `rewards` (the reward rule
set of a contest), `awards` (the reward engine), `pace` (progress against the
checkpoints, evaluation days), `entries` (the rules of one policy entry). No ORM, no I/O.
Import the topic module: `from contests.rules import awards`."""
