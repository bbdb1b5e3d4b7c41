# ruff: noqa
import re
import tests.security.test_hostile_input as h

KNOWN = re.compile("[\\ud800-\\udfff\\[\uff10-\uff19\u0660-\u0669\u06f0-\u06f9]")
orig = h.hostile
h.hostile = lambda kind: orig(kind).filter(lambda v: not KNOWN.search(v) and len(v) < 250)
from tests.security.test_hostile_input import pool, known_nik
from tests.security.test_hostile_input import test_a_hostile_value_in_any_option_is_refused_cleanly_or_is_valid as test_explore_options
from tests.security.test_hostile_input import test_hostile_values_in_read_options as test_explore_reads
from tests.security.test_hostile_input import test_a_hostile_store_location as test_explore_store
from tests.security.test_hostile_input import test_migrate_to_a_hostile_target as test_explore_migrate
from tests.security.test_hostile_input import test_init_with_a_hostile_admin_name as test_explore_init
