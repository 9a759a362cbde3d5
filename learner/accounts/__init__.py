"""Who she is and how she signs in: accounts, sessions, second factor, passwords, devices, reset codes, privacy."""
