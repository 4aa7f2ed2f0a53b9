<!DOCTYPE html>
<html lang="<?cs var:Page.lang ?>">
<head>
<meta charset="utf-8">
<title><?cs var:Lang.rec.print_title ?> · <?cs var:Rec.customer_name ?> · <?cs var:Rec.held_on ?> · <?cs var:Rec.phase_label ?></title>
<link rel="stylesheet" href="/static/parley.css">
<link rel="stylesheet" href="/static/record-print.css">
</head>
<body class="print-record">
<main id="main">
<header class="print-head">
  <h1><?cs var:Lang.rec.print_title ?></h1>
  <p class="muted"><?cs var:Lang.rec.print_filed ?>: <span id="print-filed"><?cs var:Rec.customer_name ?> – <?cs var:Rec.held_on ?> – <?cs var:Rec.phase_label ?></span></p>
  <p class="noprint"><a href="/negotiations/<?cs var:Rec.id ?>"><?cs var:Lang.rec.back_to_record ?></a></p>
</header>
<?cs include:"negotiations/_record.cs" ?>
<footer class="print-sign"><?cs var:Lang.rec.signature ?>: <?cs var:Rec.owner ?> · <?cs var:Lang.rec.updated ?>: <?cs var:Rec.updated ?></footer>
</main>
</body>
</html>
