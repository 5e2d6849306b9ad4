// Run on every new connection: LadybugDB silently stops unbounded variable-length patterns
// (PART_OF, WITHIN chains) at 30 steps unless told otherwise.
// params: none
CALL var_length_extend_max_depth=1000
