"""Corporate partners (issue 15, item 5): mentors' employers as partner organisations of an
agency or of the network. Their contacts read aggregate figures about the employees who mentor
and agreed to be counted, and receive the recognition letters those employees share with them.
docs/reports.md, "Corporate partners"."""
