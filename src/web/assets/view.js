(function(){
  var main=document.getElementById('main'), view=document.body.getAttribute('data-view');
  var last=Date.now(), es=new EventSource('/events/'+view+location.search);
  function fresh(){last=Date.now();document.body.classList.remove('stale');}
  es.addEventListener('frame',function(e){main.innerHTML=e.data;fresh();});
  es.addEventListener('beat',fresh);
  es.onerror=function(){document.body.classList.add('stale');};
  setInterval(function(){if(Date.now()-last>7000)document.body.classList.add('stale');},1000);
})();
