<?cs include:"requests/_rows.cs" ?><?cs set:Page.title = Lang.ireq.title ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.ireq.title ?></h1>
<nav class="tabs" aria-label="<?cs var:Lang.ireq.title ?>"><?cs each:b = Boxes ?><a href="/requests?box=<?cs var:b ?>" id="box-<?cs var:b ?>"<?cs if:b == Filter.box ?> aria-current="page"<?cs /if ?>><?cs var:Lang.ireq.box[b] ?></a> <?cs /each ?></nav>
<h2><?cs var:Lang.ireq.box[Filter.box] ?></h2>
<?cs if:subcount(Box.rows) ?><?cs call:ireq_rows(Box.rows, "requests") ?><?cs else ?><p class="muted" id="no-requests"><?cs var:Lang.ireq.none ?></p><?cs /if ?>
<?cs include:"layout/footer.cs" ?>
