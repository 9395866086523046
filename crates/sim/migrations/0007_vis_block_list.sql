-- Visitors on the block list, by certificate number (the control API's `/sim/visitors/block`): they can be
-- neither invited nor registered (-254).
CREATE TABLE vis_block_list (
    cert_num TEXT PRIMARY KEY
);
