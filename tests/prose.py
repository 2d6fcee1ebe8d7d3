"""English paragraphs a news post's text is made of, for tests that build pages around it
(tests/test_review22.py to test_review24.py): long enough to be read as the post's text."""

EN = (
    "<p>Delegates of the member agencies met to review the progress of the Global Exploration"
    " Strategy and to plan the next steps of the group.</p>"
    "<p>Discussions covered lunar surface logistics, joint missions and the role of commercial"
    " partners in the coming years of exploration.</p>"
)
