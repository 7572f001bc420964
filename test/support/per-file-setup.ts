// Each e2e file boots real servers and databases; give its hooks room on a 2-core machine.
jest.setTimeout(60_000);
