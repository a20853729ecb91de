"""Going live: a kommune that starts using the portal brings its approved homes, its running decisions and its waiting
list from CSV files. The formats are in `formats.py` (and docs/going-live.md); `services.py` checks every row, reports
each one it rejects and why, and stores the others — or, in a dry run, nothing at all."""
