# The seed's echo server program, ported to Python 3. Serves one client.
# usage: echo_server.py [PORT]   (PORT 0 picks a free port; the port is printed first)
import sys
from socket import *
HOST = ''                 # Symbolic name meaning the local host
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 50007
s = socket(AF_INET, SOCK_STREAM)
s.bind((HOST, PORT))
s.listen(1)
print('Listening on', s.getsockname()[1], flush=True)
conn, addr = s.accept()
print('Connected by', addr, flush=True)
while 1:
    data = conn.recv(1024)
    if not data: break
    conn.send(data)
conn.close()
