"""importera's tests: a package, so that test_run here and tests/granska/test_run.py do not collide."""
