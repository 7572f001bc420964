/**
 * Preloaded (`--require`) into a server started with `--cpu-prof`: Node writes the profile only on
 * a normal exit, and the api re-raises SIGTERM after its shutdown hooks, so exit plainly instead.
 */
process.on('SIGTERM', () => process.exit(0));
