// Appended to a bundle by `microtls selftest`: runs the bundle's own known-answer checks.
microtls.selftest(print);
