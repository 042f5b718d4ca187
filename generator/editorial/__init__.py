"""What editors are told: LIX, review dates, slot coverage, unused media, report, CODEOWNERS."""
