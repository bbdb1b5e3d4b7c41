"""The domain: events, aggregates, rules and the event-sourced application. No printing."""
