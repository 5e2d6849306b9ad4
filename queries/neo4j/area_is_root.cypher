// Whether the area heads its WITHIN tree (stored `root`, graph/derived.py): coverage over a whole
// tree scans areas by root instead of walking the tree; no row when there is no such area.
// params: areaId
MATCH (x:Area {id: $areaId})
RETURN x.root = x.id AS isRoot
