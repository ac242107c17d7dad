// The reliability suite lives here (issue 7).
