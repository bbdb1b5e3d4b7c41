"""``peksos serve``: the public register and its JSON API, a thin layer over
``commands.public`` as the CLI is over the other use cases. Pages are rendered on the server
and work without JavaScript; Indonesian unless the reader switches to English."""
