<?cs # The closings of an opportunity (Opp.closings, the current one first); the floor and the comparison
   with it are set only for readers of the plan's confidential tier. ?>
<?cs if:subcount(Opp.closings) ?>
<section class="card" id="opp-closings">
  <h2><?cs var:Lang.closing.section ?></h2>
<?cs each:k = Opp.closings ?>
  <dl class="facts closing<?cs if:k.reopened_at ?> reopened<?cs /if ?>" data-outcome="<?cs var:k.outcome ?>" id="closing-<?cs name:k ?>">
    <dt><?cs var:Lang.closing.outcome ?></dt><dd class="closing-outcome"><?cs var:k.outcome_label ?> · <?cs var:k.at ?> · <?cs var:k.by ?></dd>
    <dt><?cs var:Lang.closing.primary_reason ?></dt><dd class="closing-primary"><?cs var:k.primary ?></dd>
<?cs if:k.secondary ?>    <dt><?cs var:Lang.closing.secondary_reason ?></dt><dd class="closing-secondary"><?cs var:k.secondary ?></dd>
<?cs /if ?><?cs if:k.competitor ?>    <dt><?cs var:Lang.closing.competitor ?></dt><dd class="closing-competitor"><?cs var:k.competitor ?></dd>
<?cs /if ?><?cs if:k.final_price ?>    <dt><?cs var:Lang.opp.final_price ?></dt><dd class="closing-final"><?cs var:k.final_price ?></dd>
<?cs /if ?><?cs if:k.vs_list.sign ?>    <dt><?cs var:Lang.closing.vs_list ?></dt><dd class="closing-vs-list" data-sign="<?cs var:k.vs_list.sign ?>"><?cs var:Lang.closing[k.vs_list.sign] ?> <?cs var:k.vs_list.diff ?> (<?cs var:k.vs_list.pct ?>)</dd>
<?cs /if ?><?cs if:k.floor ?>    <dt><?cs var:Lang.closing.floor ?></dt><dd class="closing-floor"><?cs var:k.floor ?></dd>
<?cs /if ?><?cs if:k.vs_floor.sign ?>    <dt><?cs var:Lang.closing.vs_floor ?></dt><dd class="closing-vs-floor" data-sign="<?cs var:k.vs_floor.sign ?>"><?cs var:Lang.closing[k.vs_floor.sign] ?> <?cs var:k.vs_floor.diff ?> (<?cs var:k.vs_floor.pct ?>)</dd>
<?cs /if ?><?cs if:k.tactic ?>    <dt><?cs var:Lang.closing.tactic ?></dt><dd class="closing-tactic"><?cs if:k.tactic_id != "0" ?><a href="/tactics/<?cs var:k.tactic_id ?>"><?cs var:k.tactic ?></a><?cs else ?><?cs var:k.tactic ?><?cs /if ?></dd>
<?cs /if ?><?cs if:k.notes ?>    <dt><?cs var:Lang.closing.notes ?></dt><dd class="closing-notes"><?cs var:k.notes ?></dd>
<?cs /if ?><?cs if:k.reopened_at ?>    <dt><?cs var:Lang.closing.reopened ?></dt><dd class="closing-reopened"><?cs var:k.reopened_at ?> · <?cs var:k.reopened_by ?> · <?cs var:k.reopen_reason ?></dd>
<?cs /if ?>  </dl>
<?cs /each ?>
</section>
<?cs /if ?>
