"""Fault injection: real ``peksos`` processes killed at random points, PostgreSQL stopped under
them; afterwards nothing acknowledged is lost and nothing half-written is left."""
