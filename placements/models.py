# Approved homes, matching, placements, agreements and follow-ups arrive with the approval issue.
