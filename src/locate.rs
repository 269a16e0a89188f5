//! Which cell is wrong (relations.md §7): the smallest set of cells whose change restores every
//! relation of a table.
