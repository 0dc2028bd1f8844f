package main

// The time zone database, embedded (about 450 KB): time.LoadLocation
// falls back to it where the system has none (Windows, minimal
// containers), so that site.yaml's timezone: works on any machine.
import _ "time/tzdata"
