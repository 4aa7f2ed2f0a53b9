<?cs # The messages of one request: its question, answers, confirmation or reopenings in order. ?><?cs def:ireq_exchange(msgs) ?>
<ol class="exchange">
<?cs each:m = msgs ?>  <li class="msg-<?cs var:m.kind ?>"><strong><?cs var:m.kind_label ?></strong> · <?cs var:m.author ?> · <?cs var:m.at ?><p><?cs var:m.body ?></p></li>
<?cs /each ?></ol>
<?cs /def ?>
