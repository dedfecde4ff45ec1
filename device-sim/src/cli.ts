// `npm run sim`: the device simulator fleet. Not built yet (issue 8); it says so and
// exits non-zero rather than pretending to run.
process.stderr.write('The device simulator is not built yet (see issue 8: the officer side).\n');
process.exit(1);
